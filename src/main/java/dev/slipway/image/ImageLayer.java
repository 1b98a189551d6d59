package dev.slipway.image;

import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One layer of an image: its descriptor, its uncompressed digest, and where its bytes are. A layer
 * Slipway made is always a local file; a base-image layer may live only in the base's repository
 * until an output needs its bytes (a registry on the same host can mount it instead).
 */
public record ImageLayer(
    Descriptor descriptor, Digest diffId, Path localFile, ImageReference source) {
  public ImageLayer {
    if (localFile == null && source == null) {
      throw new IllegalArgumentException("a layer needs a local file or a source repository");
    }
  }

  public Optional<Path> local() {
    return Optional.ofNullable(localFile);
  }

  public Optional<ImageReference> sourceRepository() {
    return Optional.ofNullable(source);
  }
}
