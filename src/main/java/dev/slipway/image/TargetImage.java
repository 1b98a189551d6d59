package dev.slipway.image;

import java.util.List;

/**
 * The image of one build target: one manifest per platform and, for several platforms, an index
 * over them. {@code root} is what a tag points at: the manifest, or the index. {@code referrers}
 * are the artifacts attached to its manifests (SBOMs), which outputs write after the image.
 */
public record TargetImage(
    String name,
    String importPath,
    List<PlatformImage> platforms,
    Descriptor root,
    byte[] rootBytes,
    List<Referrer> referrers) {
  public TargetImage {
    platforms = List.copyOf(platforms);
    referrers = List.copyOf(referrers);
  }

  /** The same image with {@code added} attached beside any referrers it has. */
  public TargetImage withReferrers(List<Referrer> added) {
    List<Referrer> all = new java.util.ArrayList<>(referrers);
    all.addAll(added);
    return new TargetImage(name, importPath, platforms, root, rootBytes, all);
  }

  public boolean isIndex() {
    return MediaTypes.isIndex(root.mediaType());
  }
}
