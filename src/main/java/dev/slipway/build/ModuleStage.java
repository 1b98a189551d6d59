package dev.slipway.build;

import dev.slipway.core.Digest;
import dev.slipway.core.ModuleVersion;
import dev.slipway.core.Progress;
import dev.slipway.core.RemoteTimeouts;
import dev.slipway.core.SlipwayException;
import dev.slipway.core.UsageException;
import dev.slipway.modfile.GoSum;
import dev.slipway.modules.Expected;
import dev.slipway.modules.GoModCache;
import dev.slipway.modules.GoProxySettings;
import dev.slipway.modules.ModuleProxy;
import dev.slipway.modules.ModuleSet;
import dev.slipway.modules.ModuleStats;
import dev.slipway.modules.ModuleStore;
import dev.slipway.modules.ModuleWarmer;
import dev.slipway.modules.PrivateModules;
import dev.slipway.modules.RemoteModules;
import dev.slipway.plan.BuildRequest;
import dev.slipway.record.BuildSummary;
import dev.slipway.record.Timeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Serves the build's modules from Slipway's verified store through a loopback GOPROXY, backed by
 * the remote caches and then the user's GOPROXY list. The go command fills its own GOMODCACHE from
 * it.
 *
 * <p>The files this build will ask for are fetched in parallel: the {@link ModuleSet} the last
 * build of the same targets left (here, or in a remote for a fresh runner), checked against today's
 * go.sum. Files no earlier build asked for are left to go to ask for, so a build never fetches a
 * file it does not need. After the build, the files go asked for become the set for the next one.
 * Where GOMODCACHE lacks zips of the set (a fresh runner), they are unpacked into it before go
 * starts ({@link GoModCache}); otherwise go starts at once, beside the warm.
 */
final class ModuleStage implements AutoCloseable {
  static final List<String> GO_ENV =
      List.of("GOPROXY", "GONOPROXY", "GOPRIVATE", "GONOSUMDB", "GOSUMDB", "GOFLAGS", "GOINSECURE");

  private final ModuleProxy proxy;
  private final RemoteModules remotes;
  private final ModuleWarmer warmer;
  private final CompletableFuture<ModuleSets.Known> warming;
  private final ModuleSets sets;
  private final Private keepPrivate;

  /** The environment variable that opts in to keeping private modules in the remote caches. */
  static final String PRIVATE_ENV = "SLIPWAY_CACHE_PRIVATE_MODULES";

  /** What capturing private modules after the build needs; null when the user did not opt in. */
  private record Private(
      ModuleStore store,
      Path goModCache,
      List<ModuleVersion> modules,
      GoProxySettings settings,
      Expected expected) {}

  private ModuleStage(
      ModuleProxy proxy,
      RemoteModules remotes,
      ModuleWarmer warmer,
      CompletableFuture<ModuleSets.Known> warming,
      ModuleSets sets,
      Private keepPrivate) {
    this.proxy = proxy;
    this.remotes = remotes;
    this.warmer = warmer;
    this.warming = warming;
    this.sets = sets;
    this.keepPrivate = keepPrivate;
  }

  /** A stage with nothing to serve: vendored modules, or no go.sum at all. */
  static ModuleStage none() {
    return new ModuleStage(null, null, null, CompletableFuture.completedFuture(null), null, null);
  }

  /**
   * @param timeouts how long each upstream request may wait, for the go command's requests through
   *     the proxy and for the warm-up alike
   * @param identity what the build's module set is kept under besides go.mod and go.sum: its module
   *     paths, targets, platforms and flags
   */
  static ModuleStage start(
      BuildRequest request,
      List<Path> moduleRoots,
      GoSettings go,
      Map<String, String> environment,
      String identity,
      PrintStream warnings,
      RemoteTimeouts timeouts,
      Timeline timeline,
      Executor io,
      Progress progress)
      throws SlipwayException, IOException {
    List<GoSum> sums = new ArrayList<>();
    ByteArrayOutputStream keyed = new ByteArrayOutputStream();
    keyed.writeBytes(("modules v1\n" + identity).getBytes(StandardCharsets.UTF_8));
    for (Path root : moduleRoots) {
      Path sum = root.resolve("go.sum");
      if (Files.isRegularFile(root.resolve("vendor").resolve("modules.txt"))
          || !Files.isRegularFile(sum)) {
        continue; // vendored (go builds with -mod=vendor and fetches nothing), or no dependencies
      }
      sums.add(GoSum.parse(sum));
      byte[] goMod = Files.readAllBytes(root.resolve("go.mod"));
      keyed.writeBytes(Digest.sha256Of(goMod).hex().getBytes(StandardCharsets.UTF_8));
      keyed.writeBytes(
          Digest.sha256Of(Files.readAllBytes(sum)).hex().getBytes(StandardCharsets.UTF_8));
    }
    if (sums.isEmpty()) {
      return none();
    }
    boolean privateModules = optedIn(environment);
    GoProxySettings settings = ModuleTasks.settings(go.get());
    ModuleStore store = new ModuleStore(request.cacheDir());
    Expected expected = ModuleTasks.expected(sums);
    String key = Digest.sha256Of(keyed.toByteArray()).hex();
    String identityKey =
        Digest.sha256Of(("modules v1\n" + identity).getBytes(StandardCharsets.UTF_8)).hex();
    ModuleSets sets =
        new ModuleSets(
            store.root().resolve("sets").resolve(identityKey.substring(0, 40)), key, expected);
    RemoteModules remotes =
        RemoteModuleStore.open(
            request.caches(),
            environment,
            store.root().resolve("tmp"),
            message -> warnings.println("slipway: warning: " + message));
    ModuleProxy proxy;
    try {
      proxy =
          ModuleProxy.start(
              store,
              settings,
              expected,
              ModuleProxy.Options.loopback()
                  .withOffline(request.offline())
                  .withUpstreamTimeout(timeouts.read())
                  .withProgress(progress)
                  .withPrivateModules(privateModules),
              remotes);
    } catch (IOException | RuntimeException e) {
      remotes.close();
      throw e;
    }
    ModuleWarmer warmer = proxy.warmer(8);
    String modCache = go.get().get("GOMODCACHE");
    GoModCache goModCache =
        modCache.isEmpty() || !Path.of(modCache).isAbsolute()
            ? null // go reports none it could use: leave its cache to it
            : new GoModCache(Path.of(modCache), GoModCache.modCacheRw(go.get().get("GOFLAGS")));
    if (goModCache != null) {
      proxy.gateZipsOn(goModCache);
    }
    CompletableFuture<ModuleSets.Known> warming =
        CompletableFuture.supplyAsync(
            () -> warm(sets.known(remotes), warmer, goModCache, timeline), io);
    Private keepPrivate = null;
    if (privateModules) {
      List<ModuleVersion> listed = new ArrayList<>();
      sums.forEach(sum -> listed.addAll(sum.modules()));
      keepPrivate =
          new Private(store, Path.of(go.get().get("GOMODCACHE")), listed, settings, expected);
    }
    return new ModuleStage(proxy, remotes, warmer, warming, sets, keepPrivate);
  }

  /**
   * Warms the set beside go, unpacking into go's module cache each zip go has not begun (a fresh
   * runner): one pass over each zip instead of go's download, hash and extract. go is never held
   * back for the warm; only its request for a zip being unpacked waits for that zip.
   */
  private static ModuleSets.Known warm(
      ModuleSets.Known set, ModuleWarmer warmer, GoModCache goModCache, Timeline timeline) {
    List<ModuleWarmer.Want> files = set.set().files();
    boolean unpack =
        goModCache != null && files.stream().anyMatch(w -> w.zip() && goModCache.wants(w.module()));
    String detail =
        files.size()
            + " from "
            + set.source().name().toLowerCase(Locale.ROOT).replace('_', ' ')
            + (unpack ? ", unpacking into GOMODCACHE" : "");
    try (var span = timeline.stage("modules-warm", detail)) {
      warmer.warmFiles(files, (mv, outcome, done, total) -> {}, unpack ? goModCache : null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // go asks the proxy for what it needs; failures surface there
    }
    return set;
  }

  /**
   * Whether {@value #PRIVATE_ENV} says to keep private modules; anything but a boolean is bad
   * input.
   */
  private static boolean optedIn(Map<String, String> environment) throws UsageException {
    String value = environment.getOrDefault(PRIVATE_ENV, "").strip().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "", "0", "false", "no" -> false;
      case "1", "true", "yes" -> true;
      default -> throw new UsageException(PRIVATE_ENV + "=" + value + ": use true or false");
    };
  }

  /** What the go command's environment needs to use the store: its GOPROXY. */
  Map<String, String> goEnvironment() {
    if (proxy == null) {
      return Map.of();
    }
    if (keepPrivate != null) {
      // go then asks the loopback proxy for private modules too; GONOSUMDB still keeps them off
      // the checksum database, and the proxy never asks any proxy about them
      return Map.of("GOPROXY", proxy.goProxyValue(), "GONOPROXY", "none");
    }
    return Map.of("GOPROXY", proxy.goProxyValue());
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
   * Counts per file (.mod, .zip). Each file brought in from a remote or upstream, by go's request
   * or by the warm, counts once under where it came from, with its bytes; a file go asked for that
   * was already in the store counts under {@code local}. A file go asked for is a hit unless it
   * came from upstream; a request nothing could answer is a miss.
   */
  Counts counts() {
    if (proxy == null) {
      return new Counts(0, 0, Map.of(), List.of());
    }
    ModuleStats stats = proxy.stats();
    Map<String, BuildSummary.TierStat> tiers = new java.util.TreeMap<>();
    Map<String, String> source = new LinkedHashMap<>();
    for (ModuleStats.Acquired a : stats.acquired()) {
      source.put(a.module() + " " + a.file(), a.source());
      add(tiers, a.source(), 1, a.bytes(), 0);
    }
    int hits = 0;
    int misses = 0;
    Set<String> seen = new LinkedHashSet<>();
    List<BuildSummary.ModuleServed> served = new ArrayList<>();
    for (ModuleStats.Served f : stats.served()) {
      String file = f.module() + " " + f.file();
      String from = source.getOrDefault(file, "local");
      long ms = f.nanos() / 1_000_000;
      served.add(
          new BuildSummary.ModuleServed(
              f.module().toString(), f.file(), from, f.bytes(), ms, !f.listed()));
      if (!seen.add(file)) {
        continue; // asked twice, counted once
      }
      if (from.equals(ModuleStats.UPSTREAM)) {
        misses++;
      } else {
        hits++;
      }
      if (from.equals("local")) {
        add(tiers, "local", 1, f.bytes(), ms);
      } else {
        add(tiers, from, 0, 0, ms); // its files and bytes were counted when it came in
      }
    }
    for (ModuleStats.Unpacked u : stats.unpacked()) {
      String file = u.module() + " zip";
      if (seen.add(file)) {
        hits++; // in go's cache before it asked: a hit, whether or not go read it
        String from = source.getOrDefault(file, "local");
        add(tiers, from, from.equals("local") ? 1 : 0, from.equals("local") ? u.bytes() : 0, 0);
      }
    }
    misses += stats.missed().size();
    return new Counts(hits, misses, tiers, served);
  }

  private static void add(
      Map<String, BuildSummary.TierStat> tiers, String tier, int files, long bytes, long ms) {
    tiers.merge(
        tier,
        new BuildSummary.TierStat(files, bytes, ms),
        (a, b) ->
            new BuildSummary.TierStat(
                a.files() + b.files(), a.bytes() + b.bytes(), a.millis() + b.millis()));
  }

  /**
   * Lets fetches already under way finish (no download is thrown away) and starts no more; keeps
   * what go asked for as the next build's set; waits, bounded, for uploads to the remotes.
   */
  @Override
  public void close() {
    if (proxy == null) {
      return;
    }
    warmer.stop();
    proxy.close();
    ModuleSets.Known known = null;
    try {
      known = warming.join();
    } catch (RuntimeException e) {
      // nothing was warmed; the set below is go's requests alone
    }
    try {
      sets.keep(known, proxy.stats().served(), proxy.stats().unpacked(), remotes);
      if (keepPrivate != null) {
        PrivateModules.capture(
            keepPrivate.store(),
            keepPrivate.goModCache(),
            keepPrivate.modules(),
            keepPrivate.settings(),
            keepPrivate.expected(),
            remotes);
      }
      remotes.flush(Duration.ofSeconds(60));
    } catch (IOException e) {
      // private modules not kept: the next runner fetches them direct, as go does
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      remotes.close();
    }
  }
}
