package dev.slipway.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.Platform;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Serialises OCI image manifests and indexes with a fixed field order. */
public final class Manifests {
  private Manifests() {}

  public static byte[] manifest(Descriptor config, List<Descriptor> layers) {
    return manifest(config, layers, Map.of());
  }

  /** A manifest with {@code annotations} (sorted; none, no field). */
  public static byte[] manifest(
      Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {
    ObjectNode root = Json.object();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.OCI_MANIFEST);
    root.set("config", descriptor(config));
    ArrayNode array = root.putArray("layers");
    layers.forEach(layer -> array.add(descriptor(layer)));
    annotations(root, annotations);
    return Json.bytes(root);
  }

  public static byte[] index(List<Descriptor> manifests) {
    return index(manifests, Map.of());
  }

  /** An index with {@code annotations} (sorted; none, no field). */
  public static byte[] index(List<Descriptor> manifests, Map<String, String> annotations) {
    ObjectNode root = Json.object();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode array = root.putArray("manifests");
    manifests.forEach(m -> array.add(descriptor(m)));
    annotations(root, annotations);
    return Json.bytes(root);
  }

  private static void annotations(ObjectNode node, Map<String, String> annotations) {
    if (!annotations.isEmpty()) {
      ObjectNode out = node.putObject("annotations");
      new TreeMap<>(annotations).forEach(out::put);
    }
  }

  static ObjectNode descriptor(Descriptor d) {
    ObjectNode node = Json.object();
    node.put("mediaType", d.mediaType());
    if (!d.artifactType().isEmpty()) {
      node.put("artifactType", d.artifactType());
    }
    node.put("digest", d.digest().toString());
    node.put("size", d.size());
    if (!d.annotations().isEmpty()) {
      ObjectNode annotations = node.putObject("annotations");
      new TreeMap<>(d.annotations()).forEach(annotations::put);
    }
    Platform p = d.platform();
    if (p != null) {
      ObjectNode platform = node.putObject("platform");
      platform.put("architecture", p.architecture());
      platform.put("os", p.os());
      if (p.variant() != null) {
        platform.put("variant", p.variant());
      }
    }
    return node;
  }

  /** An annotation map with just the OCI reference name, as OCI layouts use for tags. */
  public static Map<String, String> refName(String name) {
    return Map.of("org.opencontainers.image.ref.name", name);
  }
}
