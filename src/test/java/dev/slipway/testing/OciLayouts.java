package dev.slipway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Reads OCI image layouts, and writes small handcrafted ones (one gzip layer of given files) that
 * skopeo can push to a registry, so tests get base images without Docker or the network.
 */
public final class OciLayouts {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String INDEX = "application/vnd.oci.image.index.v1+json";

  private OciLayouts() {}

  /** A handcrafted base: its files, env, labels and platform. */
  public record Base(
      Map<String, String> files, List<String> env, Map<String, String> labels, String arch) {}

  /**
   * Writes {@code base} as a single-layer image into a new OCI layout at {@code dir}, tagged {@code
   * tag}. With {@code asIndex} the tag names an index holding that one manifest, with its platform.
   */
  public static Path write(Path dir, String tag, Base base, boolean asIndex) {
    try {
      Files.createDirectories(dir.resolve("blobs/sha256"));
      Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
      byte[] tar = tar(base.files());
      byte[] gz = gzip(tar);
      String layerDigest = put(dir, gz);

      ObjectNode config = JSON.createObjectNode();
      config.put("created", "2020-01-01T00:00:00Z");
      config.put("architecture", base.arch());
      config.put("os", "linux");
      ObjectNode cfg = config.putObject("config");
      ArrayNode env = cfg.putArray("Env");
      base.env().forEach(env::add);
      ObjectNode labels = cfg.putObject("Labels");
      base.labels().forEach(labels::put);
      cfg.put("User", "0");
      ObjectNode rootfs = config.putObject("rootfs");
      rootfs.put("type", "layers");
      rootfs.putArray("diff_ids").add(sha256(tar));
      config.putArray("history").addObject().put("created_by", "handcrafted by OciLayouts");
      byte[] configBytes = JSON.writeValueAsBytes(config);
      String configDigest = put(dir, configBytes);

      ObjectNode manifest = JSON.createObjectNode();
      manifest.put("schemaVersion", 2);
      manifest.put("mediaType", MANIFEST);
      manifest.set(
          "config",
          descriptor("application/vnd.oci.image.config.v1+json", configDigest, configBytes.length));
      manifest
          .putArray("layers")
          .add(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layerDigest, gz.length));
      byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
      ObjectNode top = descriptor(MANIFEST, put(dir, manifestBytes), manifestBytes.length);
      top.putObject("platform").put("architecture", base.arch()).put("os", "linux");
      if (asIndex) {
        ObjectNode inner = JSON.createObjectNode();
        inner.put("schemaVersion", 2);
        inner.put("mediaType", INDEX);
        inner.putArray("manifests").add(top);
        byte[] innerBytes = JSON.writeValueAsBytes(inner);
        top = descriptor(INDEX, put(dir, innerBytes), innerBytes.length);
      }
      top.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
      ObjectNode index = JSON.createObjectNode();
      index.put("schemaVersion", 2);
      index.putArray("manifests").add(top);
      Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Adds to a layout {@link #write} made with {@code asIndex} an SBOM as BuildKit attaches one: an
   * attestation manifest (platform unknown/unknown) in the index, naming the platform manifest it
   * describes, with an in-toto statement whose predicate is {@code spdx}. Returns the attestation
   * manifest's digest.
   */
  public static String addBuildkitSbom(Path dir, String spdx) {
    try {
      ObjectNode layoutIndex = (ObjectNode) JSON.readTree(dir.resolve("index.json").toFile());
      ObjectNode top = (ObjectNode) layoutIndex.path("manifests").get(0);
      ObjectNode inner = (ObjectNode) json(dir, top.path("digest").asText());
      String platformManifest = inner.path("manifests").get(0).path("digest").asText();

      ObjectNode statement = JSON.createObjectNode();
      statement.put("_type", "https://in-toto.io/Statement/v0.1");
      statement.put("predicateType", "https://spdx.dev/Document");
      statement.putArray("subject").addObject().put("name", "base");
      statement.set("predicate", JSON.readTree(spdx));
      byte[] statementBytes = JSON.writeValueAsBytes(statement);
      ObjectNode layer =
          descriptor(
              "application/vnd.in-toto+json", put(dir, statementBytes), statementBytes.length);
      layer.putObject("annotations").put("in-toto.io/predicate-type", "https://spdx.dev/Document");
      ObjectNode config = JSON.createObjectNode();
      config.put("architecture", "unknown").put("os", "unknown");
      config.putObject("config");
      config
          .putObject("rootfs")
          .put("type", "layers")
          .putArray("diff_ids")
          .add(sha256(statementBytes));
      byte[] configBytes = JSON.writeValueAsBytes(config);
      ObjectNode manifest = JSON.createObjectNode();
      manifest.put("schemaVersion", 2);
      manifest.put("mediaType", MANIFEST);
      manifest.set(
          "config",
          descriptor(
              "application/vnd.oci.image.config.v1+json",
              put(dir, configBytes),
              configBytes.length));
      manifest.putArray("layers").add(layer);
      byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
      String attestation = put(dir, manifestBytes);
      ObjectNode entry = descriptor(MANIFEST, attestation, manifestBytes.length);
      entry.putObject("platform").put("architecture", "unknown").put("os", "unknown");
      entry
          .putObject("annotations")
          .put("vnd.docker.reference.digest", platformManifest)
          .put("vnd.docker.reference.type", "attestation-manifest");
      ((ArrayNode) inner.path("manifests")).add(entry);
      byte[] innerBytes = JSON.writeValueAsBytes(inner);
      top.put("digest", put(dir, innerBytes)).put("size", innerBytes.length);
      Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(layoutIndex));
      return attestation;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every manifest {@code index.json} lists that has a {@code subject}: the layout's referrers. */
  public static List<JsonNode> referrers(Path layout) {
    List<JsonNode> out = new java.util.ArrayList<>();
    try {
      for (JsonNode entry :
          JSON.readTree(layout.resolve("index.json").toFile()).path("manifests")) {
        JsonNode m = json(layout, entry.path("digest").asText());
        if (m.has("subject")) {
          out.add(m);
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  /** The entries of {@code index.json} for the layout's referrers, as the index lists them. */
  public static List<JsonNode> referrerEntries(Path layout) {
    List<JsonNode> out = new java.util.ArrayList<>();
    try {
      for (JsonNode entry :
          JSON.readTree(layout.resolve("index.json").toFile()).path("manifests")) {
        if (json(layout, entry.path("digest").asText()).has("subject")) {
          out.add(entry);
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  /** The JSON blob with this digest. */
  public static JsonNode json(Path layout, String digest) {
    try {
      return JSON.readTree(blob(layout, digest).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path blob(Path layout, String digest) {
    return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  /** The manifest tagged {@code name} in the layout's index.json (a single-platform image). */
  public static JsonNode manifest(Path layout, String name) {
    try {
      for (JsonNode m : JSON.readTree(layout.resolve("index.json").toFile()).path("manifests")) {
        if (name.equals(m.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
          return json(layout, m.path("digest").asText());
        }
      }
      throw new AssertionError("no image named " + name + " in " + layout);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The config of the image tagged {@code name}. */
  public static JsonNode config(Path layout, String name) {
    return json(layout, manifest(layout, name).path("config").path("digest").asText());
  }

  /** Entries of a gzip or zstd layer blob (per its media type), in order. */
  public static List<TarArchiveEntry> entries(Path layout, JsonNode layerDescriptor) {
    Path blob = blob(layout, layerDescriptor.path("digest").asText());
    String mediaType = layerDescriptor.path("mediaType").asText();
    try (InputStream raw = Files.newInputStream(blob);
        InputStream in =
            mediaType.endsWith("+zstd")
                ? new com.github.luben.zstd.ZstdInputStream(raw)
                : new GZIPInputStream(raw);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      List<TarArchiveEntry> out = new ArrayList<>();
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        out.add(e);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Digests of a manifest's layers, in order. */
  public static List<String> layerDigests(JsonNode manifest) {
    List<String> out = new ArrayList<>();
    manifest.path("layers").forEach(l -> out.add(l.path("digest").asText()));
    return out;
  }

  /** Labels of an image config as a map. */
  public static Map<String, String> labels(JsonNode config) {
    Map<String, String> out = new LinkedHashMap<>();
    config
        .path("config")
        .path("Labels")
        .properties()
        .forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static ObjectNode descriptor(String mediaType, String digest, long size) {
    ObjectNode d = JSON.createObjectNode();
    d.put("mediaType", mediaType);
    d.put("digest", digest);
    d.put("size", size);
    return d;
  }

  private static String put(Path layout, byte[] bytes) throws IOException {
    String digest = sha256(bytes);
    Files.write(blob(layout, digest), bytes);
    return digest;
  }

  private static byte[] tar(Map<String, String> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      List<String> dirs = new ArrayList<>();
      for (String name : files.keySet()) {
        for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
          String dir = name.substring(0, slash + 1);
          if (!dirs.contains(dir)) {
            dirs.add(dir);
            TarArchiveEntry e = new TarArchiveEntry(dir);
            e.setMode(040755);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
          }
        }
        byte[] content = files.get(name).getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0100644);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(data);
    }
    return bytes.toByteArray();
  }

  private static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
