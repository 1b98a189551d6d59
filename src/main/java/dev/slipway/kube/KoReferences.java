package dev.slipway.kube;

import dev.slipway.core.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;

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
    return find(Selection.all(source));
  }

  /**
   * The references in the part of a stream that {@code selection} keeps. Those in the parts it
   * drops are not checked: ko drops documents before it looks at their references.
   *
   * @throws UsageException as {@link #find(YamlSource)}; the whole text must be valid YAML
   */
  public static List<KoReference> find(Selection selection) throws UsageException {
    YamlParsing yaml = new YamlParsing(selection.source());
    List<KoReference> references = new ArrayList<>();
    try {
      while (yaml.parser.hasNext()) {
        Event event = yaml.parser.next();
        if (event instanceof ScalarEvent scalar
            && isReference(scalar)
            && selection.keeps(yaml.scalarStart(scalar.getEndMark()))) {
          references.add(reference(yaml, scalar));
        }
      }
    } catch (YamlEngineException e) {
      throw yaml.invalid(e);
    }
    return List.copyOf(references);
  }

  private static boolean isReference(ScalarEvent scalar) {
    Optional<String> tag = scalar.getTag();
    boolean string = tag.isEmpty() || tag.get().equals("!") || tag.get().equals(Tag.STR.getValue());
    return string && scalar.getValue().startsWith(KoImportPath.SCHEME);
  }

  private static KoReference reference(YamlParsing yaml, ScalarEvent scalar) throws UsageException {
    String text = yaml.source.text();
    int end = yaml.charIndex(scalar.getEndMark());
    int start = yaml.scalarStart(scalar.getEndMark());
    KoReference.Style style = style(scalar.getScalarStyle());
    if (style == KoReference.Style.LITERAL || style == KoReference.Style.FOLDED) {
      end = contentEnd(text, start, end);
    }
    KoImportPath path;
    try {
      path = KoImportPath.ofReference(scalar.getValue());
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          yaml.positions.place(yaml.source.name(), start) + ": " + e.getMessage(), e);
    }
    return new KoReference(
        yaml.source.name(),
        path,
        style,
        start,
        end,
        yaml.positions.line(start),
        yaml.positions.column(start));
  }

  /**
   * The end of a block scalar's last line with more than YAML white space (space, tab, line
   * breaks): the line of the reference. The scalar's token runs on over the blank lines after it,
   * which are kept, so that the layout around it stays.
   */
  private static int contentEnd(String text, int start, int tokenEnd) {
    int i = tokenEnd;
    while (i > start && " \t\r\n".indexOf(text.charAt(i - 1)) >= 0) {
      i--;
    }
    while (i < tokenEnd && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
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
}
