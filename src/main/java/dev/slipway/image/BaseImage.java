package dev.slipway.image;

import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import java.util.List;
import java.util.Optional;

/**
 * The image a target is built on, for one platform: its config (absent for scratch) and layers.
 *
 * @param reference where it was pulled from, pinned by digest; empty for generated bases
 * @param manifestDigest the digest of the platform manifest, an input of the build's fingerprint
 * @param pinned the reference as given, pinned to the digest it named when it was read (an index's
 *     for a multi-platform base): what pulls the same base again on every platform
 */
public record BaseImage(
    Optional<ImageReference> reference,
    Optional<Digest> manifestDigest,
    Optional<byte[]> config,
    List<ImageLayer> layers,
    Optional<ImageReference> pinned) {
  public BaseImage {
    layers = List.copyOf(layers);
  }

  /** A base whose pinned reference is its platform manifest's. */
  public BaseImage(
      Optional<ImageReference> reference,
      Optional<Digest> manifestDigest,
      Optional<byte[]> config,
      List<ImageLayer> layers) {
    this(reference, manifestDigest, config, layers, reference);
  }

  public static BaseImage of(List<ImageLayer> layers) {
    return new BaseImage(Optional.empty(), Optional.empty(), Optional.empty(), layers);
  }
}
