package dev.slipway.kube;

/**
 * The output of {@code resolve}: each input's text, in input order, followed by a {@code ---} line,
 * as ko prints it (ko's resolver.go writes every file's documents and then {@code "\n---\n"}, the
 * delimiter last so that {@code kubectl apply -f -} knows a resource is complete). ko's encoder
 * ends each file with a line break, so ko's delimiter adds an empty line; here a line break is
 * added only where the text lacks one, so that a last block scalar with keep chomping ({@code |+})
 * keeps its value. The added line breaks are those the text uses ({@code \r\n} in a CRLF file).
 */
public final class ResolvedStream {
  private ResolvedStream() {}

  /**
   * {@code text} as it goes into the output, ending in its delimiter.
   *
   * @param first whether no text comes before it; a later text that begins with directives ({@code
   *     %YAML}, {@code %TAG}) is preceded by {@code ...}, since directives may follow the previous
   *     delimiter only once that document has ended
   */
  public static String delimited(String text, boolean first) {
    String lineBreak = lineBreak(text);
    StringBuilder out = new StringBuilder(text.length() + 16);
    if (!first && startsWithDirective(text)) {
      out.append("...").append(lineBreak);
    }
    out.append(text);
    if (!text.isEmpty() && !text.endsWith("\n") && !text.endsWith("\r")) {
      out.append(lineBreak);
    }
    return out.append("---").append(lineBreak).toString();
  }

  private static String lineBreak(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        return "\n";
      }
      if (text.charAt(i) == '\r') {
        return text.startsWith("\r\n", i) ? "\r\n" : "\r";
      }
    }
    return "\n";
  }

  /** Whether the first line that is neither empty nor a comment is a directive. */
  private static boolean startsWithDirective(String text) {
    for (String line : text.split("\r\n|\r|\n", -1)) {
      String content = line.startsWith("\uFEFF") ? line.substring(1) : line;
      if (content.startsWith("%")) {
        return true;
      }
      String stripped = content.strip();
      if (!stripped.isEmpty() && !stripped.startsWith("#")) {
        return false;
      }
    }
    return false;
  }
}
