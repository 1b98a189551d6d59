package dev.slipway.record;

import java.util.List;

/**
 * The outcome of a build, as written by {@code --json}. Field names are part of the product: later
 * tools read them.
 */
public record BuildSummary(
    List<TargetResult> targets,
    BlobStats blobs,
    CacheStats cache,
    List<Timeline.Span> stages,
    long totalMs) {

  /** One built target; {@code image} is {@code repo@sha256:...} when pushed, else empty. */
  public record TargetResult(
      String name, String importPath, List<String> platforms, String digest, String image) {}

  public record BlobStats(int uploaded, int skipped, int mounted, long bytesUploaded) {}

  /** Layer-store reuse counts how often a compressed layer was reused instead of made again. */
  public record CacheStats(
      int moduleHits,
      int moduleMisses,
      int actionHits,
      int actionMisses,
      int layerHits,
      int layerMisses,
      boolean fastPath) {}
}
