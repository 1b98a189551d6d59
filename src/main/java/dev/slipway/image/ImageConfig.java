package dev.slipway.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.Digest;
import dev.slipway.core.Platform;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an OCI image configuration on top of a base configuration (or nothing, for scratch). Every
 * value comes from the build's inputs, never from the clock, so the bytes are reproducible.
 */
public final class ImageConfig {
  private final ObjectNode root;

  private ImageConfig(ObjectNode root) {
    this.root = root;
  }

  /** A config for an image built on scratch. */
  public static ImageConfig scratch() {
    ObjectNode root = Json.object();
    root.putObject("config");
    ObjectNode rootfs = root.putObject("rootfs");
    rootfs.put("type", "layers");
    rootfs.putArray("diff_ids");
    root.putArray("history");
    return new ImageConfig(root);
  }

  /** A config that extends the base image's own config (its env, labels and layers). */
  public static ImageConfig extending(byte[] baseConfig) throws IOException {
    JsonNode parsed = Json.MAPPER.readTree(baseConfig);
    if (!(parsed instanceof ObjectNode root) || !(root.get("rootfs") instanceof ObjectNode)) {
      throw new IOException("base image config is not an image config (no rootfs)");
    }
    ObjectNode copy = root.deepCopy();
    if (!(copy.get("config") instanceof ObjectNode)) {
      copy.putObject("config");
    }
    if (!(copy.get("history") instanceof ArrayNode)) {
      copy.putArray("history");
    }
    // The base's creation and container fields describe the base's own build, not ours.
    copy.remove(List.of("container", "container_config", "docker_version"));
    return new ImageConfig(copy);
  }

  public List<Digest> diffIds() {
    List<Digest> out = new ArrayList<>();
    for (JsonNode node : root.path("rootfs").path("diff_ids")) {
      out.add(Digest.parse(node.asText()));
    }
    return out;
  }

  public ImageConfig platform(Platform platform) {
    root.put("architecture", platform.architecture());
    root.put("os", platform.os());
    if (platform.variant() != null) {
      root.put("variant", platform.variant());
    } else {
      root.remove("variant");
    }
    return this;
  }

  public ImageConfig created(Instant created) {
    root.put("created", DateTimeFormatter.ISO_INSTANT.format(created));
    return this;
  }

  /** Appends a layer with a history entry saying what made it. */
  public ImageConfig addLayer(Digest diffId, String createdBy, Instant created) {
    ((ArrayNode) root.path("rootfs").path("diff_ids")).add(diffId.toString());
    ObjectNode history = ((ArrayNode) root.get("history")).addObject();
    history.put("created", DateTimeFormatter.ISO_INSTANT.format(created));
    history.put("created_by", createdBy);
    history.put("comment", "slipway");
    return this;
  }

  public ImageConfig entrypoint(List<String> entrypoint) {
    ObjectNode config = (ObjectNode) root.get("config");
    ArrayNode array = config.putArray("Entrypoint");
    entrypoint.forEach(array::add);
    config.remove("Cmd");
    return this;
  }

  /** The Cmd: arguments to the entrypoint. */
  public ImageConfig cmd(List<String> cmd) {
    ObjectNode config = (ObjectNode) root.get("config");
    if (cmd.isEmpty()) {
      config.remove("Cmd");
    } else {
      ArrayNode array = config.putArray("Cmd");
      cmd.forEach(array::add);
    }
    return this;
  }

  /** Adds ExposedPorts ({@code 8080/tcp}) to the base image's, in sorted order. */
  public ImageConfig exposedPorts(List<String> ports) {
    if (ports.isEmpty()) {
      return this;
    }
    ObjectNode config = (ObjectNode) root.get("config");
    java.util.TreeSet<String> all = new java.util.TreeSet<>(ports);
    config.path("ExposedPorts").fieldNames().forEachRemaining(all::add);
    ObjectNode node = config.putObject("ExposedPorts");
    all.forEach(p -> node.putObject(p));
    return this;
  }

  public ImageConfig user(String user) {
    ((ObjectNode) root.get("config")).put("User", user);
    return this;
  }

  public ImageConfig workingDir(String dir) {
    ((ObjectNode) root.get("config")).put("WorkingDir", dir);
    return this;
  }

  /** Sets environment variables, replacing base values with the same name and keeping order. */
  public ImageConfig env(Map<String, String> values) {
    ObjectNode config = (ObjectNode) root.get("config");
    Map<String, String> merged = new LinkedHashMap<>();
    for (JsonNode node : config.path("Env")) {
      String entry = node.asText();
      int eq = entry.indexOf('=');
      merged.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
    }
    merged.putAll(values);
    ArrayNode array = config.putArray("Env");
    merged.forEach((k, v) -> array.add(k + "=" + v));
    return this;
  }

  /** Adds labels in sorted order, replacing base labels with the same key. */
  public ImageConfig labels(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return this;
    }
    ObjectNode config = (ObjectNode) root.get("config");
    Map<String, String> merged = new java.util.TreeMap<>();
    config.path("Labels").properties().forEach(e -> merged.put(e.getKey(), e.getValue().asText()));
    merged.putAll(labels);
    ObjectNode node = config.putObject("Labels");
    merged.forEach(node::put);
    return this;
  }

  public byte[] toBytes() {
    return Json.bytes(root);
  }
}
