package dev.slipway.kube;

import dev.slipway.core.UsageException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.Scanner;
import org.snakeyaml.engine.v2.scanner.ScannerImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.tokens.ScalarToken;
import org.snakeyaml.engine.v2.tokens.Token;

/**
 * Finds the {@code ko://} references in a YAML stream, as ko's resolve.go does: every scalar node
 * of every document whose tag is {@code !!str} and whose value starts with {@code ko://}. That
 * includes mapping keys, quoted and block scalars (a tag's absence or {@code !} counts as {@code
 * !!str}, as in go-yaml); other tags ({@code !foo ko://x}) do not count. An alias is not a node of
 * its own: the anchored scalar is the reference, and the alias keeps pointing at it. A value with
 * white space before {@code ko://} does not count; white space after it is trimmed. Every reference
 * must name a valid import path (ko is always strict since the {@code --strict} flag went away).
 */
public final class KoReferences {
  private KoReferences() {}

  /**
   * The references in {@code source}, in the order they appear.
   *
   * @throws UsageException if the text is not valid YAML, or a reference names no valid import
   *     path; the message starts with {@code name:line:column}
   */
  public static List<KoReference> find(YamlSource source) throws UsageException {
    String text = source.text();
    TextPositions positions = new TextPositions(text);
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(source.name())
            .setUseMarks(true)
            .setCodePointLimit(Integer.MAX_VALUE)
            .build();
    ScalarStarts scanner =
        new ScalarStarts(new ScannerImpl(settings, new StreamReader(settings, text)));
    Parser parser = new ParserImpl(settings, scanner);
    List<KoReference> references = new ArrayList<>();
    try {
      while (parser.hasNext()) {
        Event event = parser.next();
        if (event instanceof ScalarEvent scalar && isReference(scalar)) {
          references.add(reference(source, positions, scanner, scalar));
        }
      }
    } catch (MarkedYamlEngineException e) {
      throw new UsageException(invalid(source.name(), positions, e), e);
    } catch (ReaderException e) {
      int offset = positions.charIndex(e.getPosition());
      throw new UsageException(
          positions.place(source.name(), offset)
              + ": not valid YAML: "
              + String.format("special character U+%04X is not allowed", e.getCodePoint()),
          e);
    } catch (YamlEngineException e) {
      throw new UsageException(source.name() + ": not valid YAML: " + e.getMessage(), e);
    }
    return List.copyOf(references);
  }

  private static boolean isReference(ScalarEvent scalar) {
    Optional<String> tag = scalar.getTag();
    boolean string = tag.isEmpty() || tag.get().equals("!") || tag.get().equals(Tag.STR.getValue());
    return string && scalar.getValue().startsWith(KoImportPath.SCHEME);
  }

  private static KoReference reference(
      YamlSource source, TextPositions positions, ScalarStarts scanner, ScalarEvent scalar)
      throws UsageException {
    int end = positions.charIndex(index(scalar.getEndMark()));
    int start = positions.charIndex(scanner.startOf(index(scalar.getEndMark())));
    KoReference.Style style = style(scalar.getScalarStyle());
    if (style == KoReference.Style.LITERAL || style == KoReference.Style.FOLDED) {
      start = contentLine(source.text(), start);
      end = lineEnd(source.text(), start);
    }
    KoImportPath path;
    try {
      path = KoImportPath.ofReference(scalar.getValue());
    } catch (IllegalArgumentException e) {
      throw new UsageException(positions.place(source.name(), start) + ": " + e.getMessage(), e);
    }
    return new KoReference(
        source.name(), path, style, start, end, positions.line(start), positions.column(start));
  }

  /** The first character of the content line after a block scalar's indicator at {@code from}. */
  private static int contentLine(String text, int from) {
    int i = lineEnd(text, from);
    while (i < text.length()) {
      i += text.startsWith("\r\n", i) ? 2 : 1;
      while (i < text.length() && text.charAt(i) == ' ') {
        i++;
      }
      if (i < text.length() && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
        return i;
      }
    }
    throw new IllegalStateException("a block scalar that starts with ko:// has a content line");
  }

  private static int lineEnd(String text, int from) {
    int i = from;
    while (i < text.length() && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
      i++;
    }
    return i;
  }

  private static KoReference.Style style(ScalarStyle style) {
    return switch (style) {
      case SINGLE_QUOTED -> KoReference.Style.SINGLE_QUOTED;
      case DOUBLE_QUOTED, JSON_SCALAR_STYLE -> KoReference.Style.DOUBLE_QUOTED;
      case LITERAL -> KoReference.Style.LITERAL;
      case FOLDED -> KoReference.Style.FOLDED;
      case PLAIN -> KoReference.Style.PLAIN;
    };
  }

  private static String invalid(String name, TextPositions positions, MarkedYamlEngineException e) {
    StringBuilder message = new StringBuilder();
    Optional<Mark> problem = e.getProblemMark();
    message.append(
        problem.isPresent()
            ? positions.place(name, positions.charIndex(problem.get().getIndex()))
            : name);
    message.append(": not valid YAML: ").append(e.getProblem());
    if (e.getContext() != null && e.getContextMark().isPresent()) {
      int offset = positions.charIndex(e.getContextMark().get().getIndex());
      message
          .append(" (")
          .append(e.getContext())
          .append(" at ")
          .append(positions.line(offset))
          .append(':')
          .append(positions.column(offset))
          .append(')');
    }
    return message.toString();
  }

  private static int index(Optional<Mark> mark) {
    return mark.orElseThrow(() -> new IllegalStateException("marks are on")).getIndex();
  }

  /**
   * The scanner under the parser, noting where each scalar token starts. A scalar event's start
   * mark is that of its node, which includes an anchor or tag before the scalar ({@code &img
   * ko://app}); the token's start is the scalar's own. Both end at the same mark.
   */
  private static final class ScalarStarts implements Scanner {
    private final Scanner scanner;
    private final Map<Integer, Integer> startByEnd = new HashMap<>();

    ScalarStarts(Scanner scanner) {
      this.scanner = scanner;
    }

    int startOf(int end) {
      Integer start = startByEnd.get(end);
      if (start == null) {
        throw new IllegalStateException("no scalar token ends at code point " + end);
      }
      return start;
    }

    @Override
    public boolean checkToken(Token.ID... choices) {
      return scanner.checkToken(choices);
    }

    @Override
    public Token peekToken() {
      return scanner.peekToken();
    }

    @Override
    public Token next() {
      Token token = scanner.next();
      if (token instanceof ScalarToken) {
        startByEnd.put(index(token.getEndMark()), index(token.getStartMark()));
      }
      return token;
    }

    @Override
    public boolean hasNext() {
      return scanner.hasNext();
    }

    @Override
    public void resetDocumentIndex() {
      scanner.resetDocumentIndex();
    }
  }
}
