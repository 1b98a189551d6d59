package dev.slipway.kube;

import dev.slipway.core.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.DocumentEndEvent;
import org.snakeyaml.engine.v2.events.DocumentStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.CoreScalarResolver;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;

/**
 * The documents of a YAML stream as go-yaml's nodes see them, each node with its place in the text
 * (char indices). An alias stays an alias, as in go-yaml, rather than the node it names. Plain
 * scalars get their tags from YAML 1.2's core schema, as in go-yaml.
 */
final class YamlTree {
  private static final ScalarResolver RESOLVER = new CoreScalarResolver(false);

  private YamlTree() {}

  /** A node; {@code start} is where its anchor, tag or content begins. */
  sealed interface Node permits Scalar, Mapping, Sequence, Alias {
    int start();

    /** Where its last character other than white space is, plus one. */
    int contentEnd();
  }

  /** A scalar, with the tag go-yaml would give it. */
  record Scalar(String value, Tag tag, int start, int contentEnd) implements Node {
    boolean isString() {
      return tag.equals(Tag.STR);
    }
  }

  /** Keys and values, in order; a key may repeat. */
  record Mapping(List<Node> keys, List<Node> values, int start, int contentEnd) implements Node {}

  /**
   * @param entries for a block sequence, the char index of each item's {@code -}; empty in flow
   */
  record Sequence(List<Node> items, List<Integer> entries, boolean flow, int start, int contentEnd)
      implements Node {}

  record Alias(int start, int contentEnd) implements Node {}

  /**
   * @param start where the document's directives or {@code ---} are, or its content when it has
   *     neither
   * @param endMarker the {@code ...} that ends it, if one does
   */
  record Document(Node root, int start, Optional<Selection.Span> endMarker) {}

  /**
   * The documents of {@code source}.
   *
   * @throws UsageException if the text is not valid YAML
   */
  static List<Document> read(YamlSource source) throws UsageException {
    YamlParsing yaml = new YamlParsing(source);
    List<Document> documents = new ArrayList<>();
    try {
      yaml.parser.next(); // the stream's start
      while (!yaml.parser.checkEvent(Event.ID.StreamEnd)) {
        DocumentStartEvent start = (DocumentStartEvent) yaml.parser.next();
        Node root = node(yaml, yaml.parser.next());
        DocumentEndEvent end = (DocumentEndEvent) yaml.parser.next();
        Optional<Selection.Span> marker =
            end.isExplicit()
                ? Optional.of(
                    new Selection.Span(
                        yaml.charIndex(end.getStartMark()), yaml.charIndex(end.getEndMark())))
                : Optional.empty();
        documents.add(new Document(root, yaml.charIndex(start.getStartMark()), marker));
      }
    } catch (YamlEngineException e) {
      throw yaml.invalid(e);
    }
    return documents;
  }

  private static Node node(YamlParsing yaml, Event event) {
    int start = yaml.charIndex(event.getStartMark());
    if (event instanceof ScalarEvent scalar) {
      return new Scalar(scalar.getValue(), tag(scalar), start, scalarEnd(yaml, scalar, start));
    }
    if (event instanceof AliasEvent) {
      return new Alias(start, yaml.charIndex(event.getEndMark()));
    }
    if (event instanceof SequenceStartEvent sequence) {
      boolean flow = sequence.getFlowStyle() == FlowStyle.FLOW;
      List<Node> items = new ArrayList<>();
      List<Integer> entries = new ArrayList<>();
      while (!yaml.parser.checkEvent(Event.ID.SequenceEnd)) {
        Node item = node(yaml, yaml.parser.next());
        items.add(item);
        if (!flow) {
          entries.add(yaml.entryBefore(item.start()));
        }
      }
      Event end = yaml.parser.next();
      int contentEnd = flow ? yaml.charIndex(end.getEndMark()) : lastEnd(items, start);
      return new Sequence(items, entries, flow, start, contentEnd);
    }
    MappingStartEvent mapping = (MappingStartEvent) event;
    List<Node> keys = new ArrayList<>();
    List<Node> values = new ArrayList<>();
    while (!yaml.parser.checkEvent(Event.ID.MappingEnd)) {
      keys.add(node(yaml, yaml.parser.next()));
      values.add(node(yaml, yaml.parser.next()));
    }
    Event end = yaml.parser.next();
    List<Node> all = new ArrayList<>(keys);
    all.addAll(values);
    int contentEnd =
        mapping.getFlowStyle() == FlowStyle.FLOW
            ? yaml.charIndex(end.getEndMark())
            : lastEnd(all, start);
    return new Mapping(keys, values, start, contentEnd);
  }

  /**
   * Where a block collection's content ends: its own end mark lies at the next token, past any
   * comments after it. An empty scalar ({@code key:}) has no content, and its mark may be that of
   * the next token.
   */
  private static int lastEnd(List<Node> nodes, int start) {
    int end = start;
    for (Node node : nodes) {
      if (!(node instanceof Scalar s && s.start() == s.contentEnd())) {
        end = Math.max(end, node.contentEnd());
      }
    }
    return end;
  }

  /** A block scalar's token runs on over the blank lines after it; those do not count. */
  private static int scalarEnd(YamlParsing yaml, ScalarEvent scalar, int start) {
    String text = yaml.source.text();
    int end = yaml.charIndex(scalar.getEndMark());
    if (scalar.getScalarStyle() == ScalarStyle.LITERAL
        || scalar.getScalarStyle() == ScalarStyle.FOLDED) {
      while (end > start && " \t\r\n".indexOf(text.charAt(end - 1)) >= 0) {
        end--;
      }
    }
    return end;
  }

  /** The tag go-yaml gives: a plain scalar's from the core schema, a quoted or block one !!str. */
  private static Tag tag(ScalarEvent scalar) {
    Optional<String> tag = scalar.getTag();
    if (tag.isEmpty() || tag.get().equals("!")) {
      return scalar.getScalarStyle() == ScalarStyle.PLAIN && tag.isEmpty()
          ? RESOLVER.resolve(scalar.getValue(), true)
          : Tag.STR;
    }
    return new Tag(tag.get());
  }
}
