package dev.slipway.dockerfile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Dockerfile as the Dockerfile reference (and BuildKit's parser, for what the reference
 * leaves open) defines it: parser directives at the top ({@code syntax}, {@code escape}, {@code
 * check}), comment lines, line continuations with the escape character (comment and empty lines
 * inside them are skipped), case-insensitive instructions, builder flags, and heredocs on {@code
 * RUN}, {@code COPY} and {@code ADD}. {@link InstructionReader} then reads each instruction's
 * arguments.
 */
public final class DockerfileParser {
  private static final Pattern DIRECTIVE =
      Pattern.compile("^([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
  private static final Set<String> DIRECTIVES = Set.of("syntax", "escape", "check");
  private static final Pattern HEREDOC = Pattern.compile("^(\\d*)<<(-?)\\s*([^<]*)$");
  private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("RUN", "COPY", "ADD");

  private final String name;
  private final String[] lines;
  private int index;
  private char escape = '\\';
  private Pattern continuation = continuationPattern('\\');
  private String syntax;

  private DockerfileParser(String name, String text) {
    this.name = name;
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    this.lines = body.split("\n", -1);
  }

  /**
   * Parses {@code text}. {@code name} is how errors name the file ({@code name:line: reason}).
   *
   * @throws DockerfileException for a syntax error, naming the line
   */
  public static Dockerfile parse(String name, String text) throws DockerfileException {
    return new DockerfileParser(name, text).parse();
  }

  private Dockerfile parse() throws DockerfileException {
    readDirectives();
    List<Instruction> instructions = new ArrayList<>();
    InstructionReader reader = new InstructionReader(name, escape);
    RawInstruction raw;
    while ((raw = nextInstruction()) != null) {
      instructions.add(reader.read(raw));
    }
    if (instructions.isEmpty()) {
      throw new DockerfileException(name, Math.max(1, lines.length), "file with no instructions");
    }
    return new Dockerfile(name, escape, syntax, instructions);
  }

  /** Directives are the leading {@code # key=value} comments; anything else ends them. */
  private void readDirectives() throws DockerfileException {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < lines.length; i++) {
      String line = trimNewline(lines[i]).stripLeading();
      if (!line.startsWith("#")) {
        return;
      }
      Matcher m = DIRECTIVE.matcher(line.substring(1).stripLeading());
      if (!m.matches()) {
        return;
      }
      String key = m.group(1).toLowerCase(Locale.ROOT);
      if (!DIRECTIVES.contains(key)) {
        return;
      }
      if (!seen.add(key)) {
        throw new DockerfileException(
            name, i + 1, "only one " + key + " parser directive can be used");
      }
      String value = m.group(2);
      if (key.equals("escape")) {
        if (!value.equals("`") && !value.equals("\\")) {
          throw new DockerfileException(
              name, i + 1, "invalid escape token '" + value + "' does not match ` or \\");
        }
        escape = value.charAt(0);
        continuation = continuationPattern(escape);
      } else if (key.equals("syntax")) {
        syntax = value;
      }
    }
  }

  /** The next instruction, or null at the end of the file. */
  private RawInstruction nextInstruction() throws DockerfileException {
    while (index < lines.length) {
      int start = index + 1;
      String line = trimNewline(lines[index++]).stripLeading();
      if (line.startsWith("#")) {
        continue;
      }
      Continued first = trimContinuation(line);
      if (first.ended && first.text.isEmpty()) {
        continue;
      }
      StringBuilder joined = new StringBuilder(first.text);
      boolean ended = first.ended;
      while (!ended && index < lines.length) {
        String next = trimNewline(lines[index++]);
        // Comments and blank lines inside a continued instruction are skipped, not joined.
        if (next.stripLeading().startsWith("#") || next.isBlank()) {
          continue;
        }
        Continued part = trimContinuation(next);
        joined.append(part.text);
        ended = part.ended;
      }
      return split(start, joined.toString());
    }
    return null;
  }

  private RawInstruction split(int start, String line) throws DockerfileException {
    String trimmed = line.strip();
    String[] parts = trimmed.split("[\\t\\u000B\\f\\r ]+", 2);
    String keyword = parts[0];
    List<String> flags = new ArrayList<>();
    String arguments = parts.length == 2 ? extractFlags(parts[1], flags).strip() : "";
    List<Heredoc> heredocs = List.of();
    if (mayHaveHeredocs(keyword, arguments) && line.contains("<<")) {
      heredocs = readHeredocs(start, line);
    }
    return new RawInstruction(start, keyword, flags, arguments, heredocs);
  }

  private static boolean mayHaveHeredocs(String keyword, String arguments) {
    String upper = keyword.toUpperCase(Locale.ROOT);
    if (upper.equals("ONBUILD")) {
      String[] sub = arguments.split("[\\t\\u000B\\f\\r ]+", 2);
      return sub.length == 2 && mayHaveHeredocs(sub[0], sub[1]);
    }
    if (!HEREDOC_INSTRUCTIONS.contains(upper)) {
      return false;
    }
    try {
      return InstructionReader.jsonArray(arguments) == null;
    } catch (WordSyntaxException e) {
      // An array of non-strings: no heredocs, and reading the instruction reports the error.
      return false;
    }
  }

  private List<Heredoc> readHeredocs(int start, String line) throws DockerfileException {
    List<String> words;
    try {
      words = WordLexer.raw(true).words(line, Map.of(), null);
    } catch (WordSyntaxException e) {
      // BuildKit ignores a line it cannot split here; the instruction's own reading reports it.
      return List.of();
    }
    List<Heredoc> heredocs = new ArrayList<>();
    for (String word : words) {
      Heredoc marker = heredocMarker(word);
      if (marker == null) {
        continue;
      }
      StringBuilder content = new StringBuilder();
      boolean terminated = false;
      while (index < lines.length) {
        String body = trimNewline(lines[index++]);
        if (marker.chomp()) {
          body = body.replaceFirst("^\\t+", "");
        }
        if (body.equals(marker.name())) {
          terminated = true;
          break;
        }
        content.append(body).append('\n');
      }
      if (!terminated) {
        throw new DockerfileException(
            name,
            start,
            "unterminated heredoc <<"
                + marker.name()
                + " (no line "
                + marker.name()
                + " before the end of the file)");
      }
      heredocs.add(
          new Heredoc(
              marker.name(),
              marker.expand(),
              marker.chomp(),
              marker.fileDescriptor(),
              content.toString()));
    }
    return heredocs;
  }

  /**
   * The heredoc a word such as {@code <<EOF}, {@code <<-"EOF"} or {@code 3<<EOF} opens, or null.
   */
  static Heredoc heredocMarker(String word) {
    Matcher m = HEREDOC.matcher(word);
    if (!m.matches() || m.group(3).isEmpty() || m.group(1).length() > 9) {
      return null;
    }
    String rest = m.group(3);
    List<String> plain;
    List<String> quoted;
    try {
      plain = WordLexer.rawQuotesOnly(false).words(rest, Map.of(), null);
      quoted = WordLexer.rawQuotesOnly(true).words(rest, Map.of(), null);
    } catch (WordSyntaxException e) {
      return null;
    }
    if (plain.size() != 1 || quoted.size() != 1) {
      return null;
    }
    // Quoting any part of the delimiter turns substitution in the body off.
    boolean expand = quotes(plain.get(0)) == quotes(quoted.get(0));
    int fd = m.group(1).isEmpty() ? 0 : Integer.parseInt(m.group(1));
    return new Heredoc(plain.get(0), expand, m.group(2).equals("-"), fd, "");
  }

  private static long quotes(String word) {
    return word.chars().filter(c -> c == '\'' || c == '"').count();
  }

  /** Moves the leading {@code --flag[=value]} words of {@code rest} to {@code flags}. */
  private String extractFlags(String rest, List<String> flags) {
    int pos = 0;
    while (true) {
      while (pos < rest.length() && Character.isWhitespace(rest.charAt(pos))) {
        pos++;
      }
      if (pos + 1 >= rest.length() || !rest.startsWith("--", pos)) {
        return rest.substring(Math.min(pos, rest.length()));
      }
      StringBuilder word = new StringBuilder();
      char quote = 0;
      int i = pos;
      for (; i < rest.length(); i++) {
        char c = rest.charAt(i);
        if (quote == 0 && Character.isWhitespace(c)) {
          break;
        }
        if (quote == 0 && (c == '\'' || c == '"')) {
          quote = c;
        } else if (quote != 0 && c == quote) {
          quote = 0;
        } else if (c == escape && i + 1 < rest.length()) {
          word.append(rest.charAt(++i));
        } else if (c != escape) {
          word.append(c);
        }
      }
      // A lone "--" ends the flags, as POSIX utilities do.
      if (word.toString().equals("--")) {
        return rest.substring(i);
      }
      flags.add(word.toString());
      pos = i;
    }
  }

  private record Continued(String text, boolean ended) {}

  private Continued trimContinuation(String line) {
    Matcher m = continuation.matcher(line);
    if (m.find()) {
      return new Continued(
          line.substring(0, m.start()) + (m.group(1) == null ? "" : m.group(1)), false);
    }
    return new Continued(line, true);
  }

  /**
   * The escape character ends a line that continues, unless it is itself escaped; it may stand
   * alone on a line.
   */
  private static Pattern continuationPattern(char escape) {
    String e = Pattern.quote(String.valueOf(escape));
    return Pattern.compile(
        "([^" + (escape == '\\' ? "\\\\" : "`") + "])" + e + "[ \\t]*$|^" + e + "[ \\t]*$");
  }

  private static String trimNewline(String line) {
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == '\r' || line.charAt(end - 1) == '\n')) {
      end--;
    }
    return line.substring(0, end);
  }
}
