package dev.slipway.kube;

import dev.slipway.core.GoSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** YAML read into plain objects, to compare what two texts mean rather than how they look. */
final class Yamls {
  private Yamls() {}

  static List<Object> load(String text) {
    List<Object> documents = new ArrayList<>();
    new Load(LoadSettings.builder().build()).loadAllFromString(text).forEach(documents::add);
    return documents;
  }

  /**
   * {@code tree} with each string that starts with {@code ko://} swapped for its image, as ko sets
   * it: the whole value, white space around the reference included.
   */
  static Object resolved(Object tree, Map<String, String> images) {
    if (tree instanceof String s && s.startsWith("ko://")) {
      return images.get(GoSpace.trim(s).substring("ko://".length()));
    }
    if (tree instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(resolved(k, images), resolved(v, images)));
      return out;
    }
    if (tree instanceof List<?> list) {
      return list.stream().map(item -> resolved(item, images)).toList();
    }
    return tree;
  }

  static List<Object> resolvedAll(List<Object> documents, Map<String, String> images) {
    return documents.stream().map(d -> resolved(d, images)).toList();
  }
}
