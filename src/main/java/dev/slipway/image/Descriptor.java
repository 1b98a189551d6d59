package dev.slipway.image;

import dev.slipway.core.Digest;
import dev.slipway.core.Platform;
import java.util.Map;
import java.util.Objects;

/**
 * An OCI content descriptor: what a manifest or index says about one blob.
 *
 * @param artifactType the artifact type of a referrer's manifest, as an index lists it (OCI 1.1);
 *     empty for anything else
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    Platform platform,
    Map<String, String> annotations,
    String artifactType) {
  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    artifactType = artifactType == null ? "" : artifactType;
  }

  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, null, Map.of(), "");
  }

  public Descriptor withPlatform(Platform newPlatform) {
    return new Descriptor(mediaType, digest, size, newPlatform, annotations, artifactType);
  }

  public Descriptor withAnnotations(Map<String, String> newAnnotations) {
    return new Descriptor(mediaType, digest, size, platform, newAnnotations, artifactType);
  }

  public Descriptor withArtifactType(String newArtifactType) {
    return new Descriptor(mediaType, digest, size, platform, annotations, newArtifactType);
  }
}
