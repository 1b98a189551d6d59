package dev.slipway.build;

import dev.slipway.cache.LocalCache;
import dev.slipway.cache.RemoteStore;
import dev.slipway.cache.TierStats;
import dev.slipway.cache.TieredCache;
import dev.slipway.cacheprog.Bridge;
import dev.slipway.cacheprog.CacheprogServer;
import dev.slipway.cacheprog.GoVersion;
import dev.slipway.core.AtomicFiles;
import dev.slipway.core.Digest;
import dev.slipway.core.LockFiles;
import dev.slipway.core.SlipwayException;
import dev.slipway.plan.BuildRequest;
import dev.slipway.plan.GoEnv;
import dev.slipway.record.BuildSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Serves the go command's compile cache from Slipway's tiered cache through GOCACHEPROG, when a
 * remote cache is configured (else go's own GOCACHE serves as the local tier): a tiny bridge
 * process per go invocation, all talking to this JVM over a Unix socket. On start it prefetches, in
 * bulk and in the background, every action the last build of the same targets used (that list is
 * itself a cache entry, so a cold runner finds it remotely).
 */
final class ActionStage implements AutoCloseable {
  private final TieredCache cache;
  private final TieredActionStore store;
  private final CacheprogServer server;
  private final String listKey;
  private final CompletableFuture<Integer> prefetch;
  private final Executor io;

  private ActionStage(
      TieredCache cache,
      TieredActionStore store,
      CacheprogServer server,
      String listKey,
      CompletableFuture<Integer> prefetch,
      Executor io) {
    this.cache = cache;
    this.store = store;
    this.server = server;
    this.listKey = listKey;
    this.prefetch = prefetch;
    this.io = io;
  }

  static ActionStage none() {
    return new ActionStage(null, null, null, null, CompletableFuture.completedFuture(0), null);
  }

  /**
   * @param identity what the action list is kept under: the build's module paths, targets and
   *     platforms (the same build on another runner shares it)
   */
  static ActionStage start(
      BuildRequest request,
      Map<String, String> environment,
      GoSettings goSettings,
      String identity,
      PrintStream warnings,
      Executor io)
      throws SlipwayException, IOException {
    if (environment.containsKey("GOCACHEPROG") && !environment.get("GOCACHEPROG").isEmpty()) {
      return none(); // the user runs their own cache program; leave it be
    }
    if (request.caches().isEmpty()) {
      // With no remote to share with, go's own GOCACHE is the best local tier: it is already
      // warm on a developer's machine, and GOCACHEPROG would start from an empty store.
      return none();
    }
    GoEnv go = goSettings.get();
    String goVersion = go.get("GOVERSION");
    if (!GoVersion.supportsCacheProg(goVersion)) {
      warnings.println(
          "slipway: warning: "
              + goVersion
              + " has no GOCACHEPROG (Go 1.24+); the shared compile cache is off for this build");
      return none();
    }
    List<RemoteStore> remotes = RemoteCaches.open(request.caches(), environment);
    TieredCache cache =
        new TieredCache(
            new LocalCache(request.cacheDir().resolve("actions")),
            remotes,
            message -> warnings.println("slipway: warning: " + message));
    TieredActionStore store = new TieredActionStore(cache);
    String listKey =
        "list-" + Digest.sha256Of(identity.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 40);
    // The action set's request goes out now, beside the bridge's, not after it.
    CompletableFuture<Integer> prefetch =
        CompletableFuture.supplyAsync(() -> prefetch(cache, listKey), io);
    try {
      Path bridge =
          bridge(
              request.cacheDir(),
              environment,
              cache,
              goVersion + "-" + go.get("GOHOSTOS") + "-" + go.get("GOHOSTARCH"));
      CacheprogServer server = CacheprogServer.start(store, bridge, warnings);
      return new ActionStage(cache, store, server, listKey, prefetch, io);
    } catch (IOException | RuntimeException e) {
      cache.close(); // stops the prefetch too
      throw e;
    }
  }

  /**
   * The bridge binary. Building it with a cold GOCACHE compiles Go's runtime (5-7 s here), which
   * would cost every fresh CI runner more than the cache saves; so the first runner to build it
   * shares it through the cache, and later cold runners download it like any action output. Builds
   * that start together on one cache directory take turns under a lock, so the first one makes it
   * and the others find it made, rather than each compiling the runtime at once.
   */
  private static Path bridge(
      Path cacheDir, Map<String, String> environment, TieredCache cache, String platform)
      throws IOException {
    Path target = Bridge.target(cacheDir);
    if (Files.isExecutable(target)) {
      return target;
    }
    try (LockFiles.Held lock =
        LockFiles.lock(target.resolveSibling(target.getFileName() + ".lock"))) {
      if (Files.isExecutable(target)) {
        return target; // made by the build that held the lock before us
      }
      return fetchOrBuildBridge(cacheDir, environment, cache, platform, target);
    }
  }

  private static Path fetchOrBuildBridge(
      Path cacheDir,
      Map<String, String> environment,
      TieredCache cache,
      String platform,
      Path target)
      throws IOException {
    String key =
        ("bridge-" + Bridge.sourceKey() + "-" + platform).replaceAll("[^A-Za-z0-9._-]", "_");
    var shared = cache.getOwn(key);
    if (shared.isPresent()) {
      Files.createDirectories(target.getParent());
      Path temp = AtomicFiles.tempSibling(target);
      try {
        Files.copy(shared.get().path(), temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(
            temp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        AtomicFiles.move(temp, target, false);
      } finally {
        Files.deleteIfExists(temp);
      }
      return target;
    }
    Path built = Bridge.ensureBuilt(cacheDir, environment);
    byte[] bytes = Files.readAllBytes(built);
    cache.put(key, Digest.sha256Of(bytes), bytes.length, new java.io.ByteArrayInputStream(bytes));
    return built;
  }

  private static int prefetch(TieredCache cache, String listKey) {
    try {
      return cache.prefetchList(listKey);
    } catch (RuntimeException e) {
      return 0; // prefetching only saves time; go asks for what it needs anyway
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  /**
   * Every go command of the build has exited: the records filled from remotes, kept in memory while
   * go ran, are written to the local tier now, beside the image work ({@link #close} saves any
   * left).
   */
  void goFinished() {
    if (cache == null) {
      return;
    }
    // Nobody waits for it: the save catches its own failure, and close() saves any record left.
    var unused =
        CompletableFuture.runAsync(
            () -> {
              try {
                cache.saveFilledRecords();
              } catch (IOException e) {
                // an unsaved record only costs fetching it again
              }
            },
            io);
  }

  /** The go command's environment for using the cache. */
  Map<String, String> goEnvironment() {
    return server == null ? Map.of() : Map.of("GOCACHEPROG", server.goCacheProgValue());
  }

  /**
   * Hits and misses of go's action lookups (not the bridge's nor the action list's), with what each
   * tier did.
   */
  record Counts(int hits, int misses, Map<String, BuildSummary.TierStat> tiers) {}

  Counts counts() {
    if (cache == null) {
      return new Counts(0, 0, Map.of());
    }
    List<TierStats> stats = cache.stats();
    long hits = 0;
    long localMisses = 0;
    long remoteHits = 0;
    long remoteBodies = 0;
    long remoteBytes = 0;
    TierStats local = null;
    Map<String, BuildSummary.TierStat> tiers = new TreeMap<>();
    for (TierStats t : stats) {
      hits += t.hits();
      if (t.tier().equals("local")) {
        localMisses = t.misses();
        local = t;
        continue;
      }
      remoteHits += t.hits();
      remoteBodies += t.bodiesRead();
      remoteBytes += t.bytesRead();
      // A remote's files are the bodies it sent, prefetched or asked for, with their bytes.
      tiers.put(
          t.tier(),
          new BuildSummary.TierStat(
              (int) t.bodiesRead(), t.bytesRead(), Math.round(t.lookupMillis())));
    }
    if (local != null) {
      // The local tier answers prefetched bodies too: what it held before is what is left.
      tiers.put(
          "local",
          new BuildSummary.TierStat(
              (int) Math.max(0, local.hits() - remoteBodies),
              Math.max(0, local.bytesRead() - remoteBytes),
              Math.round(local.lookupMillis())));
    }
    // Every lookup the local tier missed was either a remote hit or a miss everywhere.
    long misses = localMisses - remoteHits;
    return new Counts((int) hits, (int) misses, tiers);
  }

  /**
   * Records this build's action list for the next runner, stops serving, and waits (bounded) for
   * background uploads to finish.
   */
  @Override
  public void close() {
    if (server == null) {
      return;
    }
    prefetch.cancel(true);
    try {
      server.close();
    } catch (IOException e) {
      // the go processes are done; a socket left behind is harmless
    }
    try {
      List<String> asked = store.asked();
      if (!asked.isEmpty()) {
        cache.putList(listKey, asked, Duration.ofSeconds(60));
      }
      cache.flush(Duration.ofSeconds(60));
    } catch (IOException e) {
      // the list only speeds up the next cold runner
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      cache.close();
    }
  }
}
