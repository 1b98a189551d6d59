package dev.slipway.image;

import java.util.List;

/**
 * The image of one build target: one manifest per platform and, for several platforms, an index
 * over them. {@code root} is what a tag points at: the manifest, or the index.
 */
public record TargetImage(
    String name,
    String importPath,
    List<PlatformImage> platforms,
    Descriptor root,
    byte[] rootBytes) {
  public TargetImage {
    platforms = List.copyOf(platforms);
  }

  public boolean isIndex() {
    return MediaTypes.isIndex(root.mediaType());
  }
}
