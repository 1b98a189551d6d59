package dev.slipway.kube;

import dev.slipway.core.UsageException;
import dev.slipway.kube.Selection.Span;
import dev.slipway.kube.YamlTree.Document;
import dev.slipway.kube.YamlTree.Mapping;
import dev.slipway.kube.YamlTree.Node;
import dev.slipway.kube.YamlTree.Scalar;
import dev.slipway.kube.YamlTree.Sequence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * What ko's {@code resolve -l} leaves out of a stream (ko's selector.go, {@code MatchesSelector}),
 * as spans of text, so that what stays keeps its bytes. A document goes when it is empty, its
 * {@code kind} is empty, or the selector does not match its {@code metadata.labels} (none counts as
 * no labels). Of a {@code kind: List}, the items that do not match go, and the list goes when none
 * matches. A document that is not a Kubernetes object (a mapping with a string {@code apiVersion}
 * and {@code kind}), and a list without an {@code items} sequence, are errors, as in ko.
 *
 * <p>A document's text runs from its {@code ---} (or directives) to the next document's: comments
 * after a {@code ---} go with the document they head. A dropped document's {@code ...} stays when a
 * kept document comes before it, since a later document's directives may need it.
 */
final class LabelFilter {
  static List<Span> dropped(YamlSource source, LabelSelector selector) throws UsageException {
    String text = source.text();
    List<Document> documents = YamlTree.read(source);
    int streamStart = text.startsWith("\uFEFF") ? 1 : 0;
    if (documents.isEmpty()) {
      // Only comments: go-yaml reads no document, so ko prints none.
      return text.length() > streamStart
          ? List.of(new Span(streamStart, text.length()))
          : List.of();
    }
    LabelFilter filter = new LabelFilter(source);
    List<Span> dropped = new ArrayList<>();
    boolean kept = false;
    for (int i = 0; i < documents.size(); i++) {
      Document document = documents.get(i);
      int start = i == 0 ? streamStart : document.start();
      int end = i + 1 < documents.size() ? documents.get(i + 1).start() : text.length();
      List<Span> items = new ArrayList<>();
      if (filter.keeps(document.root(), selector, items)) {
        dropped.addAll(items);
        kept = true;
      } else if (kept && document.endMarker().isPresent()) {
        Span marker = document.endMarker().get();
        add(dropped, start, marker.start());
        add(dropped, TextLines.nextLine(text, marker.end()), end);
      } else {
        add(dropped, start, end);
      }
    }
    return dropped;
  }

  private final YamlSource source;
  private final TextPositions positions;

  private LabelFilter(YamlSource source) {
    this.source = source;
    this.positions = new TextPositions(source.text());
  }

  /**
   * Whether the document {@code root} stays; the spans of its list items that go into {@code
   * items}.
   */
  private boolean keeps(Node root, LabelSelector selector, List<Span> items) throws UsageException {
    if (root instanceof Scalar scalar && scalar.tag().equals(Tag.NULL)) {
      return false;
    }
    String kind = kind(root);
    if (kind.isEmpty()) {
      return false;
    }
    if (!kind.equals("List")) {
      return selector.matches(labels(root));
    }
    if (!(value(root, "items", n -> n instanceof Sequence) instanceof Sequence list)) {
      throw notValid(root, "a List without an items sequence");
    }
    List<Boolean> matches = new ArrayList<>();
    for (Node item : list.items()) {
      // ko lets a null item through its object check, and matches it as an object without labels.
      if (!(item instanceof Scalar scalar && scalar.tag().equals(Tag.NULL))) {
        kind(item);
      }
      matches.add(selector.matches(labels(item)));
    }
    if (!matches.contains(true)) {
      return false;
    }
    items.addAll(
        list.flow()
            ? ListItems.flow(list, matches)
            : ListItems.block(source.text(), list, matches));
    return true;
  }

  /** The kind of a Kubernetes object, which may be empty; as ko's {@code docKind}. */
  private String kind(Node node) throws UsageException {
    if (value(node, "apiVersion", LabelFilter::isString) != null
        && value(node, "kind", LabelFilter::isString) instanceof Scalar kind) {
      return kind.value();
    }
    throw notValid(node, "not a Kubernetes object (a mapping with a string apiVersion and kind)");
  }

  private static boolean isString(Node node) {
    return node instanceof Scalar scalar && scalar.isString();
  }

  /**
   * {@code metadata.labels} as ko reads them: the first {@code metadata} that is a mapping, its
   * first {@code labels} that is a mapping, and of a label given twice the first value; a value
   * that is not a scalar is empty.
   */
  private static Map<String, String> labels(Node node) {
    Map<String, String> labels = new HashMap<>();
    Node metadata = value(node, "metadata", n -> n instanceof Mapping);
    if (value(metadata, "labels", n -> n instanceof Mapping) instanceof Mapping found) {
      for (int i = 0; i < found.keys().size(); i++) {
        if (found.keys().get(i) instanceof Scalar key) {
          String value = found.values().get(i) instanceof Scalar v ? v.value() : "";
          labels.putIfAbsent(key.value(), value);
        }
      }
    }
    return labels;
  }

  /**
   * Of a mapping, the first value that {@code wanted} accepts whose key is the string {@code key},
   * or null: go-yit's {@code ValuesForMap} passes over the others.
   */
  private static Node value(Node node, String key, Predicate<Node> wanted) {
    if (node instanceof Mapping mapping) {
      for (int i = 0; i < mapping.keys().size(); i++) {
        Node value = mapping.values().get(i);
        if (mapping.keys().get(i) instanceof Scalar k
            && k.isString()
            && k.value().equals(key)
            && wanted.test(value)) {
          return value;
        }
      }
    }
    return null;
  }

  private UsageException notValid(Node node, String problem) {
    return new UsageException(
        positions.place(source.name(), node.start()) + ": --selector: " + problem);
  }

  private static void add(List<Span> spans, int start, int end) {
    if (end > start) {
      spans.add(new Span(start, end));
    }
  }
}
