package dev.slipway.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An artifact attached to an image manifest as its referrer, as OCI 1.1 defines one: an image
 * manifest with an {@code artifactType}, the empty config, the artifact's content as its one layer,
 * and a {@code subject} naming the image manifest it is about. The image's own digest does not
 * change: the referrer points at the image, never the other way.
 */
public record Referrer(
    Descriptor manifest,
    byte[] manifestBytes,
    String artifactType,
    Descriptor subject,
    List<Blob> blobs) {
  /** The empty JSON object OCI 1.1 names as the config of an artifact without one. */
  public static final String EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";

  private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

  /** A blob the referrer's manifest names, with its bytes. */
  public record Blob(Descriptor descriptor, byte[] bytes) {
    public Blob {
      Objects.requireNonNull(descriptor, "descriptor");
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  public Referrer {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(manifestBytes, "manifestBytes");
    Objects.requireNonNull(artifactType, "artifactType");
    Objects.requireNonNull(subject, "subject");
    blobs = List.copyOf(blobs);
  }

  /**
   * The manifest as an index lists a referrer (the referrers API's response, and an image layout's
   * index.json): with its artifact type and its annotations.
   */
  public Descriptor indexEntry() {
    Map<String, String> annotations = new java.util.TreeMap<>();
    try {
      Json.MAPPER
          .readTree(manifestBytes)
          .path("annotations")
          .properties()
          .forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a referrer's own manifest does not parse", e);
    }
    return manifest.withArtifactType(artifactType).withAnnotations(annotations);
  }

  /**
   * An artifact of {@code artifactType} holding {@code content} (of the same media type), about
   * {@code subject}; {@code created} becomes its {@code org.opencontainers.image.created}
   * annotation, so the same build gives the same bytes.
   */
  public static Referrer artifact(
      Descriptor subject, String artifactType, byte[] content, Instant created) {
    return artifact(subject, artifactType, content, created, Map.of());
  }

  /** {@link #artifact(Descriptor, String, byte[], Instant)} with more manifest annotations. */
  public static Referrer artifact(
      Descriptor subject,
      String artifactType,
      byte[] content,
      Instant created,
      Map<String, String> annotations) {
    Descriptor config = Descriptor.of(EMPTY_MEDIA_TYPE, Digest.sha256Of(EMPTY), EMPTY.length);
    Descriptor layer = Descriptor.of(artifactType, Digest.sha256Of(content), content.length);
    ObjectNode root = Json.object();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.OCI_MANIFEST);
    root.put("artifactType", artifactType);
    ObjectNode c = Manifests.descriptor(config);
    c.put("data", "e30="); // the config's two bytes, inline, as the spec's example has them
    root.set("config", c);
    root.putArray("layers").add(Manifests.descriptor(layer));
    root.set("subject", Manifests.descriptor(subject.withPlatform(null).withAnnotations(Map.of())));
    ObjectNode notes = root.putObject("annotations");
    new java.util.TreeMap<>(annotations).forEach(notes::put);
    notes.put("org.opencontainers.image.created", DateTimeFormatter.ISO_INSTANT.format(created));
    byte[] bytes = Json.bytes(root);
    Descriptor manifest =
        Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256Of(bytes), bytes.length);
    return new Referrer(
        manifest,
        bytes,
        artifactType,
        subject,
        List.of(new Blob(config, EMPTY), new Blob(layer, content)));
  }
}
