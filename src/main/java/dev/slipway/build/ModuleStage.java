package dev.slipway.build;

import dev.slipway.core.ModuleVersion;
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
import java.time.Duration;
import java.util.HashMap;
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
  private final CompletableFuture<ModuleWarmer.Result> warming;

  private ModuleStage(ModuleProxy proxy, CompletableFuture<ModuleWarmer.Result> warming) {
    this.proxy = proxy;
    this.warming = warming;
  }

  /** A stage with nothing to serve: vendored modules, or no go.sum at all. */
  static ModuleStage none() {
    return new ModuleStage(null, CompletableFuture.completedFuture(null));
  }

  static ModuleStage start(
      BuildRequest request, List<Path> moduleRoots, Map<String, String> environment, Executor io)
      throws SlipwayException, IOException {
    Set<ModuleVersion> warm = new LinkedHashSet<>();
    Map<ModuleVersion, String> zips = new HashMap<>();
    Map<ModuleVersion, String> mods = new HashMap<>();
    Path envDir = null;
    for (Path root : moduleRoots) {
      Path sum = root.resolve("go.sum");
      if (Files.isRegularFile(root.resolve("vendor").resolve("modules.txt"))
          || !Files.isRegularFile(sum)) {
        continue; // vendored (go builds with -mod=vendor and fetches nothing), or no dependencies
      }
      GoSum goSum = GoSum.parse(sum);
      for (GoSum.Entry e : goSum.entries()) {
        (e.goMod() ? mods : zips).put(e.mv(), e.hash());
      }
      warm.addAll(goSum.modules());
      envDir = envDir == null ? root : envDir;
    }
    if (envDir == null) {
      return none();
    }
    GoProxySettings settings = ModuleTasks.settings(envDir, environment);
    ModuleStore store = new ModuleStore(request.cacheDir());
    Expected expected = Expected.of(zips, mods);
    ModuleProxy proxy =
        ModuleProxy.start(
            store,
            settings,
            expected,
            ModuleProxy.Options.loopback().withOffline(request.offline()));
    CompletableFuture<ModuleWarmer.Result> warming =
        request.offline() || warm.isEmpty()
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return new ModuleWarmer(store, settings, Duration.ofMinutes(2), 8)
                        .warm(warm, expected, (mv, outcome, done, total) -> {});
                  } catch (Exception e) {
                    return null; // go asks the proxy for what it needs; failures surface there
                  }
                },
                io);
    return new ModuleStage(proxy, warming);
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

  /** Files, bytes and time per tier that served modules, for the summary. */
  Map<String, BuildSummary.TierStat> tiers() {
    Map<String, BuildSummary.TierStat> out = new java.util.TreeMap<>();
    stats()
        .ifPresent(
            s ->
                s.served()
                    .forEach(
                        f ->
                            out.merge(
                                f.tier().name().toLowerCase(java.util.Locale.ROOT),
                                new BuildSummary.TierStat(1, f.bytes(), f.nanos() / 1_000_000),
                                (a, b) ->
                                    new BuildSummary.TierStat(
                                        a.files() + b.files(),
                                        a.bytes() + b.bytes(),
                                        a.millis() + b.millis()))));
    return out;
  }

  Optional<ModuleStats> stats() {
    return Optional.ofNullable(proxy).map(ModuleProxy::stats);
  }

  @Override
  public void close() {
    warming.cancel(true);
    if (proxy != null) {
      proxy.close();
    }
  }
}
