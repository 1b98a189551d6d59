package dev.slipway.build;

import dev.slipway.core.ModuleVersion;
import dev.slipway.core.Progress;
import dev.slipway.core.RemoteTimeouts;
import dev.slipway.core.SlipwayException;
import dev.slipway.modfile.GoSum;
import dev.slipway.modules.Expected;
import dev.slipway.modules.GoProxySettings;
import dev.slipway.modules.ModuleProxy;
import dev.slipway.modules.ModuleStats;
import dev.slipway.modules.ModuleStore;
import dev.slipway.modules.ModuleWarmer;
import dev.slipway.plan.BuildRequest;
import dev.slipway.record.BuildSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Serves the build's modules from Slipway's verified store through a loopback GOPROXY. The go
 * command fills its own GOMODCACHE from it (Slipway never writes there: go locks it with flock,
 * which Java's locks do not exclude). Every go.sum module is warmed in parallel while go starts.
 */
final class ModuleStage implements AutoCloseable {
  static final List<String> GO_ENV =
      List.of("GOPROXY", "GONOPROXY", "GOPRIVATE", "GONOSUMDB", "GOSUMDB", "GOFLAGS", "GOINSECURE");

  private final ModuleProxy proxy;
  private final ModuleStore store;
  private final CompletableFuture<ModuleWarmer.Result> warming;

  private ModuleStage(
      ModuleProxy proxy, ModuleStore store, CompletableFuture<ModuleWarmer.Result> warming) {
    this.proxy = proxy;
    this.store = store;
    this.warming = warming;
  }

  /** A stage with nothing to serve: vendored modules, or no go.sum at all. */
  static ModuleStage none() {
    return new ModuleStage(null, null, CompletableFuture.completedFuture(null));
  }

  /**
   * @param timeouts how long each upstream request may wait, for the go command's requests through
   *     the proxy and for the warm-up alike
   */
  static ModuleStage start(
      BuildRequest request,
      List<Path> moduleRoots,
      GoSettings go,
      RemoteTimeouts timeouts,
      Executor io,
      Progress progress)
      throws SlipwayException, IOException {
    Set<ModuleVersion> warm = new LinkedHashSet<>();
    List<GoSum> sums = new java.util.ArrayList<>();
    for (Path root : moduleRoots) {
      Path sum = root.resolve("go.sum");
      if (Files.isRegularFile(root.resolve("vendor").resolve("modules.txt"))
          || !Files.isRegularFile(sum)) {
        continue; // vendored (go builds with -mod=vendor and fetches nothing), or no dependencies
      }
      GoSum goSum = GoSum.parse(sum);
      sums.add(goSum);
      warm.addAll(goSum.modules());
    }
    if (sums.isEmpty()) {
      return none();
    }
    GoProxySettings settings = ModuleTasks.settings(go.get());
    ModuleStore store = new ModuleStore(request.cacheDir());
    Expected expected = ModuleTasks.expected(sums);
    ModuleProxy proxy =
        ModuleProxy.start(
            store,
            settings,
            expected,
            ModuleProxy.Options.loopback()
                .withOffline(request.offline())
                .withUpstreamTimeout(timeouts.read())
                .withProgress(progress));
    CompletableFuture<ModuleWarmer.Result> warming =
        request.offline() || warm.isEmpty()
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return new ModuleWarmer(store, settings, timeouts.read(), 8, progress)
                        .warm(warm, expected, (mv, outcome, done, total) -> {});
                  } catch (Exception e) {
                    return null; // go asks the proxy for what it needs; failures surface there
                  }
                },
                io);
    return new ModuleStage(proxy, store, warming);
  }

  /** What the go command's environment needs to use the store: its GOPROXY. */
  Map<String, String> goEnvironment() {
    return proxy == null ? Map.of() : Map.of("GOPROXY", proxy.goProxyValue());
  }

  /** A refused module (checksum mismatch, hostile zip, offline miss) explains a failed build. */
  void checkNoFailures() throws SlipwayException {
    if (proxy != null) {
      proxy.checkNoFailures();
    }
  }

  /** Module hits and misses of this build, and what each tier served, for the summary. */
  record Counts(
      int hits,
      int misses,
      Map<String, BuildSummary.TierStat> tiers,
      List<BuildSummary.ModuleServed> served) {}

  /**
   * Counts per file (.mod, .zip). A module the parallel warm fetched from upstream is a miss even
   * if the go command then found it in the store; a request nothing could answer is a miss too.
   */
  Counts counts() {
    if (proxy == null) {
      return new Counts(0, 0, Map.of(), List.of());
    }
    ModuleWarmer.Result warmed = warming.isDone() && !warming.isCancelled() ? warming.join() : null;
    Set<ModuleVersion> fetchedByWarm = new LinkedHashSet<>();
    if (warmed != null) {
      warmed
          .outcomes()
          .forEach(
              (mv, o) -> {
                if (o == ModuleWarmer.Outcome.FETCHED) {
                  fetchedByWarm.add(mv);
                }
              });
    }
    ModuleStats stats = proxy.stats();
    Map<String, BuildSummary.TierStat> tiers = new java.util.TreeMap<>();
    int hits = 0;
    int misses = 0;
    int servedMisses = 0;
    List<BuildSummary.ModuleServed> served = new java.util.ArrayList<>();
    for (ModuleStats.Served f : stats.served()) {
      served.add(
          new BuildSummary.ModuleServed(
              f.module().toString(),
              f.file(),
              f.tier().name().toLowerCase(java.util.Locale.ROOT),
              f.bytes(),
              f.nanos() / 1_000_000));
      if (!f.tier().isHit()) {
        servedMisses++;
      }
      if (f.tier().isHit() && fetchedByWarm.contains(f.module())) {
        continue; // counted below, as the upstream fetch it was
      }
      if (f.tier().isHit()) {
        hits++;
      } else {
        misses++;
      }
      add(tiers, f.tier().name(), 1, f.bytes(), f.nanos() / 1_000_000);
    }
    misses += (int) stats.misses() - servedMisses;
    for (ModuleVersion mv : fetchedByWarm) {
      long bytes = 0;
      Optional<dev.slipway.modules.StoredModule> stored = store.get(mv);
      if (stored.isPresent()) {
        bytes += size(store.blob(stored.get().mod()));
        bytes += stored.get().zip().map(d -> size(store.blob(d))).orElse(0L);
      }
      misses += 2;
      add(tiers, "UPSTREAM", 2, bytes, 0);
      served.add(new BuildSummary.ModuleServed(mv.toString(), "mod+zip", "upstream", bytes, 0));
    }
    return new Counts(hits, misses, tiers, served);
  }

  private static void add(
      Map<String, BuildSummary.TierStat> tiers, String tier, int files, long bytes, long ms) {
    tiers.merge(
        tier.toLowerCase(java.util.Locale.ROOT),
        new BuildSummary.TierStat(files, bytes, ms),
        (a, b) ->
            new BuildSummary.TierStat(
                a.files() + b.files(), a.bytes() + b.bytes(), a.millis() + b.millis()));
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    warming.cancel(true);
    if (proxy != null) {
      proxy.close();
    }
  }
}
