package dev.slipway.record;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The outcome of a build, as written by {@code --json}. Field names are part of the product: later
 * tools read them.
 */
public record BuildSummary(
    List<TargetResult> targets,
    BlobStats blobs,
    CacheStats cache,
    List<Timeline.Span> stages,
    long totalMs,
    Optional<Budget> budget) {

  /** A summary with no budget set. */
  public BuildSummary(
      List<TargetResult> targets,
      BlobStats blobs,
      CacheStats cache,
      List<Timeline.Span> stages,
      long totalMs) {
    this(targets, blobs, cache, stages, totalMs, Optional.empty());
  }

  /** This summary, judged against {@code budget}. */
  public BuildSummary withBudget(Budget budget) {
    return new BuildSummary(targets, blobs, cache, stages, totalMs, Optional.of(budget));
  }

  /** The same, held to {@code budget}: over it when the wall time is longer. */
  public BuildSummary withBudget(Duration budget) {
    return withBudget(new Budget(budget.toMillis(), totalMs > budget.toMillis()));
  }

  /** The {@code --budget} the build was given, and whether its wall time went over it. */
  public record Budget(long millis, boolean over) {}

  /** One built target; {@code image} is {@code repo@sha256:...} when pushed, else empty. */
  public record TargetResult(
      String name, String importPath, List<String> platforms, String digest, String image) {}

  /**
   * Blobs the outputs needed: sent, already in the registry, or mounted from another repository;
   * with the bytes of each (for a layout or tarball nothing is uploaded).
   */
  public record BlobStats(
      int uploaded,
      int skipped,
      int mounted,
      long bytesUploaded,
      long bytesSkipped,
      long bytesMounted) {
    /** Counts, with only the uploaded bytes known. */
    public BlobStats(int uploaded, int skipped, int mounted, long bytesUploaded) {
      this(uploaded, skipped, mounted, bytesUploaded, 0, 0);
    }
  }

  /**
   * Layer-store reuse counts how often a compressed layer was reused instead of made again; {@code
   * actionSources} says which remote and writer the compile actions came from.
   *
   * @param actionMissedBy go's lookups that missed, by what they were for (links, compiles, saved
   *     output, …; see {@code compile.GoCacheLookups}): they add up to {@code actionMisses}
   */
  public record CacheStats(
      int moduleHits,
      int moduleMisses,
      Map<String, TierStat> moduleTiers,
      int actionHits,
      int actionMisses,
      Map<String, Integer> actionMissedBy,
      Map<String, TierStat> actionTiers,
      int layerHits,
      int layerMisses,
      boolean fastPath,
      List<ModuleServed> modulesServed,
      ActionSources actionSources) {
    public CacheStats {
      moduleTiers = Map.copyOf(moduleTiers);
      actionMissedBy = Collections.unmodifiableMap(new TreeMap<>(actionMissedBy));
      actionTiers = Map.copyOf(actionTiers);
      modulesServed = List.copyOf(modulesServed);
      Objects.requireNonNull(actionSources, "actionSources");
    }

    /** Without the per-module detail and the sources of actions. */
    public CacheStats(
        int moduleHits,
        int moduleMisses,
        Map<String, TierStat> moduleTiers,
        int actionHits,
        int actionMisses,
        Map<String, TierStat> actionTiers,
        int layerHits,
        int layerMisses,
        boolean fastPath) {
      this(
          moduleHits,
          moduleMisses,
          moduleTiers,
          actionHits,
          actionMisses,
          Map.of(),
          actionTiers,
          layerHits,
          layerMisses,
          fastPath,
          List.of(),
          ActionSources.NONE);
    }

    /** Nothing ran: the whole build was skipped, or had nothing to cache. */
    public static CacheStats none(boolean fastPath) {
      return new CacheStats(0, 0, Map.of(), 0, 0, Map.of(), 0, 0, fastPath);
    }
  }

  /** One module file (.mod or .zip) the build's proxy served, and from which tier. */
  public record ModuleServed(
      String module, String file, String tier, long bytes, long millis, boolean unlisted) {}

  /** What one tier (memory, local, remote, upstream) served: files, bytes and time spent. */
  public record TierStat(int files, long bytes, long millis) {}
}
