package dev.slipway.config;

import dev.slipway.core.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One YAML mapping read strictly: each key at most once, each value of the type its reader asks
 * for, and {@link #done} refuses any key no reader asked for. Every error names {@code
 * file:line:column}.
 */
final class YamlMapping {
  private final String file;
  private final Node node;
  private final Map<String, Node> values = new LinkedHashMap<>();
  private final Map<String, Node> keys = new LinkedHashMap<>();
  private final Set<String> known = new LinkedHashSet<>();

  private YamlMapping(String file, Node node) throws UsageException {
    this.file = file;
    this.node = node;
    for (NodeTuple t : ((MappingNode) node).getValue()) {
      Node key = t.getKeyNode();
      if (!(key instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
        throw ConfigException.at(where(file, key), "a key must be a plain name");
      }
      String name = scalar.getValue();
      if (keys.containsKey(name)) {
        throw ConfigException.at(
            where(file, key),
            "\"" + name + "\" is given twice (first at " + where(file, keys.get(name)) + ")");
      }
      keys.put(name, key);
      values.put(name, t.getValueNode());
    }
  }

  /** {@code node} as a mapping, or an error naming {@code what} it should have been. */
  static YamlMapping of(String file, Node node, String what) throws UsageException {
    if (!(node instanceof MappingNode)) {
      throw ConfigException.at(where(file, node), what + " must be a mapping of keys to values");
    }
    return new YamlMapping(file, node);
  }

  static Where where(String file, Node node) {
    Optional<Mark> mark = node.getStartMark();
    return mark.map(m -> new Where(file, m.getLine() + 1, m.getColumn() + 1))
        .orElse(new Where(file, 1, 1));
  }

  Where where() {
    return where(file, node);
  }

  String file() {
    return file;
  }

  /** The keys in the order written. */
  Set<String> keys() {
    return keys.keySet();
  }

  Where whereKey(String key) {
    return where(file, keys.get(key));
  }

  /** The raw node of {@code key}, marking the key as known. */
  Optional<Node> node(String key) {
    known.add(key);
    Node value = values.get(key);
    if (value == null || isNull(value)) {
      return Optional.empty();
    }
    return Optional.of(value);
  }

  /** A scalar: strings, numbers and booleans alike are read as the text written. */
  Optional<Located<String>> string(String key) throws UsageException {
    Optional<Node> value = node(key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(scalar(file, value.get(), "\"" + key + "\""));
  }

  /** A list of scalars; a single scalar counts as a list of one. */
  Optional<List<Located<String>>> strings(String key) throws UsageException {
    Optional<Node> value = node(key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    List<Located<String>> out = new ArrayList<>();
    if (value.get() instanceof SequenceNode seq) {
      for (Node item : seq.getValue()) {
        out.add(scalar(file, item, "each item of \"" + key + "\""));
      }
    } else {
      out.add(scalar(file, value.get(), "\"" + key + "\""));
    }
    return Optional.of(List.copyOf(out));
  }

  /** A mapping of names to scalars, in the order written. */
  Optional<Map<String, Located<String>>> stringMap(String key) throws UsageException {
    Optional<Node> value = node(key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    YamlMapping m = of(file, value.get(), "\"" + key + "\"");
    Map<String, Located<String>> out = new LinkedHashMap<>();
    for (String name : m.keys()) {
      Node v = m.values.get(name);
      out.put(
          name,
          isNull(v)
              ? new Located<>("", where(file, v))
              : scalar(file, v, "the value of \"" + key + "." + name + "\""));
    }
    return Optional.of(out);
  }

  Optional<YamlMapping> mapping(String key) throws UsageException {
    Optional<Node> value = node(key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(of(file, value.get(), "\"" + key + "\""));
  }

  /** The items of a sequence. */
  Optional<List<Node>> sequence(String key) throws UsageException {
    Optional<Node> value = node(key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!(value.get() instanceof SequenceNode seq)) {
      throw ConfigException.at(where(file, value.get()), "\"" + key + "\" must be a list");
    }
    return Optional.of(seq.getValue());
  }

  /**
   * The key written for {@code name} compared without case, as ko's configuration reader compares
   * them; two keys that differ only in case are bad input.
   */
  String keyIgnoringCase(String name) throws UsageException {
    String found = null;
    for (String key : keys.keySet()) {
      if (key.equalsIgnoreCase(name)) {
        if (found != null) {
          throw ConfigException.at(
              whereKey(key),
              "\"" + key + "\" is given twice (first as \"" + found + "\"; case does not count)");
        }
        found = key;
      }
    }
    return found == null ? name : found;
  }

  /** The keys no reader asked for, in the order written. */
  List<String> unknownKeys() {
    return keys.keySet().stream().filter(k -> !known.contains(k)).toList();
  }

  /** Refuses a key no reader asked for, naming the keys that are allowed here. */
  void done(String context) throws UsageException {
    for (String key : keys.keySet()) {
      if (!known.contains(key)) {
        throw ConfigException.at(
            whereKey(key),
            "unknown key \""
                + key
                + "\" in "
                + context
                + " (allowed: "
                + String.join(", ", new TreeSet<>(known))
                + ")");
      }
    }
  }

  static Located<String> scalar(String file, Node node, String what) throws UsageException {
    if (!(node instanceof ScalarNode scalar) || isNull(node)) {
      throw ConfigException.at(
          where(file, node), what + " must be a single value, not " + kind(node));
    }
    return new Located<>(scalar.getValue(), where(file, node));
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  private static String kind(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return "empty";
  }
}
