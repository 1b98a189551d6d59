package dev.slipway.build;

import dev.slipway.core.AtomicFiles;
import dev.slipway.core.Digest;
import dev.slipway.core.Progress;
import dev.slipway.core.RemoteTimeouts;
import dev.slipway.core.SlipwayException;
import dev.slipway.modfile.GoSum;
import dev.slipway.modules.Expected;
import dev.slipway.modules.GoProxySettings;
import dev.slipway.modules.ModuleProxy;
import dev.slipway.modules.ModuleSet;
import dev.slipway.modules.ModuleStats;
import dev.slipway.modules.ModuleStore;
import dev.slipway.modules.ModuleWarmer;
import dev.slipway.modules.RemoteModules;
import dev.slipway.plan.BuildRequest;
import dev.slipway.record.BuildSummary;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Serves the build's modules from Slipway's verified store through a loopback GOPROXY, backed by
 * the remote caches and then the user's GOPROXY list. The go command fills its own GOMODCACHE from
 * it (Slipway never writes there: go locks it with flock, which Java's locks do not exclude).
 *
 * <p>While go starts, the files this build will ask for are fetched in parallel: the {@link
 * ModuleSet} the last build of the same targets left (here, or in a remote for a fresh runner),
 * checked against today's go.sum. Files no earlier build asked for are left to go to ask for, so a
 * build never fetches a file it does not need. After the build, the files go asked for become the
 * set for the next one.
 */
final class ModuleStage implements AutoCloseable {
  static final List<String> GO_ENV =
      List.of("GOPROXY", "GONOPROXY", "GOPRIVATE", "GONOSUMDB", "GOSUMDB", "GOFLAGS", "GOINSECURE");

  private final ModuleProxy proxy;
  private final RemoteModules remotes;
  private final ModuleWarmer warmer;
  private final CompletableFuture<Known> warming;
  private final Plan plan;

  /** Where the set is kept here, its key, and what is known before the build. */
  private record Plan(Path localSet, String key, Expected expected) {
    String remoteKey() {
      return "modset-" + key.substring(0, 40);
    }
  }

  private ModuleStage(
      ModuleProxy proxy,
      RemoteModules remotes,
      ModuleWarmer warmer,
      CompletableFuture<Known> warming,
      Plan plan) {
    this.proxy = proxy;
    this.remotes = remotes;
    this.warmer = warmer;
    this.warming = warming;
    this.plan = plan;
  }

  /** A stage with nothing to serve: vendored modules, or no go.sum at all. */
  static ModuleStage none() {
    return new ModuleStage(null, null, null, CompletableFuture.completedFuture(null), null);
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
    GoProxySettings settings = ModuleTasks.settings(go.get());
    ModuleStore store = new ModuleStore(request.cacheDir());
    Expected expected = ModuleTasks.expected(sums);
    String key = Digest.sha256Of(keyed.toByteArray()).hex();
    String identityKey =
        Digest.sha256Of(("modules v1\n" + identity).getBytes(StandardCharsets.UTF_8)).hex();
    Plan plan =
        new Plan(store.root().resolve("sets").resolve(identityKey.substring(0, 40)), key, expected);
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
                  .withProgress(progress),
              remotes);
    } catch (IOException | RuntimeException e) {
      remotes.close();
      throw e;
    }
    ModuleWarmer warmer = proxy.warmer(8);
    CompletableFuture<Known> warming =
        CompletableFuture.supplyAsync(
            () -> {
              Known set = known(plan, remotes);
              try {
                warmer.warmFiles(set.set().files(), (mv, outcome, done, total) -> {});
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                // go asks the proxy for what it needs; failures surface there
              }
              return set;
            },
            io);
    return new ModuleStage(proxy, remotes, warmer, warming, plan);
  }

  /** Where the warm's list came from. */
  private enum Source {
    LOCAL_SET,
    REMOTE_SET,
    OLDER_SET,
    NOTHING
  }

  /** The warm's list, and where it came from. */
  private record Known(ModuleSet set, Source source) {
    /** Kept for exactly this build's go.mod and go.sum files. */
    boolean exact() {
      return source == Source.LOCAL_SET || source == Source.REMOTE_SET;
    }
  }

  /**
   * What this build will most likely ask for: the set kept for exactly these go.mod and go.sum
   * files (here, else in a remote), else the one kept here for an older go.sum, else nothing.
   * Whatever its source, only what today's go.sum vouches for.
   */
  private static Known known(Plan plan, RemoteModules remotes) {
    Optional<ModuleSet> local = read(plan.localSet());
    if (local.isPresent() && local.get().key().equals(plan.key())) {
      return new Known(local.get().coveredBy(plan.expected()), Source.LOCAL_SET);
    }
    Optional<ModuleSet> remote =
        remotes
            .getRecord(plan.remoteKey())
            .flatMap(ModuleSet::parse)
            .filter(s -> s.key().equals(plan.key()));
    if (remote.isPresent()) {
      return new Known(remote.get().coveredBy(plan.expected()), Source.REMOTE_SET);
    }
    if (local.isPresent()) {
      return new Known(
          new ModuleSet(plan.key(), local.get().coveredBy(plan.expected()).files()),
          Source.OLDER_SET);
    }
    // Nothing to go by: go asks for each file as it needs it. Warming the go.mod of every
    // requirement was tried; go reads only those of modules that provide packages.
    return new Known(new ModuleSet(plan.key(), List.of()), Source.NOTHING);
  }

  private static Optional<ModuleSet> read(Path file) {
    try {
      return ModuleSet.parse(Files.readAllBytes(file));
    } catch (IOException e) {
      return Optional.empty();
    }
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
    Known known = null;
    try {
      known = warming.join();
    } catch (RuntimeException e) {
      // nothing was warmed; the set below is go's requests alone
    }
    try {
      keep(known);
      remotes.flush(Duration.ofSeconds(60));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      remotes.close();
    }
  }

  /**
   * Saves what go asked for, with the exact set the warm used (for a GOMODCACHE that was not empty,
   * from which go asked nothing). The remote gets it unless it came from there unchanged.
   */
  private void keep(Known known) {
    List<ModuleWarmer.Want> asked = new ArrayList<>();
    for (ModuleStats.Served f : proxy.stats().served()) {
      if (f.listed() && (f.file().equals("mod") || f.file().equals("zip"))) {
        asked.add(new ModuleWarmer.Want(f.module(), f.file().equals("zip")));
      }
    }
    if (asked.isEmpty()) {
      return; // go's own module cache had everything: nothing new to learn
    }
    ModuleSet set = ModuleSet.of(plan.key(), asked);
    boolean exact = known != null && known.exact();
    if (exact) {
      set = set.with(known.set().files());
    }
    boolean unchanged = exact && known.set().equals(set);
    if (!unchanged || known.source() == Source.REMOTE_SET) {
      try {
        AtomicFiles.write(plan.localSet(), set.encode());
      } catch (IOException e) {
        // the set only speeds up the next build
      }
    }
    if (!unchanged) {
      remotes.putRecord(plan.remoteKey(), set.encode());
    }
  }
}
