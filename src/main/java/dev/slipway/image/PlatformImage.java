package dev.slipway.image;

import dev.slipway.core.Platform;
import java.util.List;

/** A single-platform image: manifest, config and layers, all with their exact bytes or files. */
public record PlatformImage(
    Platform platform,
    Descriptor manifest,
    byte[] manifestBytes,
    Descriptor config,
    byte[] configBytes,
    List<ImageLayer> layers) {
  public PlatformImage {
    layers = List.copyOf(layers);
  }
}
