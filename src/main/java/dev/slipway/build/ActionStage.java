package dev.slipway.build;

import dev.slipway.cache.CacheTrust;
import dev.slipway.cache.LocalCache;
import dev.slipway.cache.RemoteStore;
import dev.slipway.cache.TierStats;
import dev.slipway.cache.TieredCache;
import dev.slipway.cacheprog.CacheprogServer;
import dev.slipway.cacheprog.GoVersion;
import dev.slipway.compile.GoAction;
import dev.slipway.compile.GoCacheLookups;
import dev.slipway.compile.GoCompiler;
import dev.slipway.core.Digest;
import dev.slipway.core.SlipwayException;
import dev.slipway.plan.BuildRequest;
import dev.slipway.plan.GoEnv;
import dev.slipway.record.ActionSources;
import dev.slipway.record.BuildSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Serves the go command's compile cache from Slipway's tiered cache through GOCACHEPROG, when a
 * remote cache is configured (else go's own GOCACHE serves as the local tier): each go build talks
 * to this JVM over a pair of named pipes (see {@link CacheprogServer}). On start it prefetches, in
 * bulk and in the background, every action the last build of the same targets used (that list is
 * itself a cache entry, so a cold runner finds it remotely).
 */
final class ActionStage implements AutoCloseable {
  private final TieredCache cache;
  private final CacheTrust trust;
  private final TieredActionStore store;
  private final CacheprogServer server;
  private final String listKey;
  private final CompletableFuture<Integer> prefetch;
  private final Executor io;

  private ActionStage(
      TieredCache cache,
      CacheTrust trust,
      TieredActionStore store,
      CacheprogServer server,
      String listKey,
      CompletableFuture<Integer> prefetch,
      Executor io) {
    this.cache = cache;
    this.trust = trust;
    this.store = store;
    this.server = server;
    this.listKey = listKey;
    this.prefetch = prefetch;
    this.io = io;
  }

  static ActionStage none() {
    return new ActionStage(
        null, CacheTrust.NONE, null, null, null, CompletableFuture.completedFuture(0), null);
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
    CacheTrust trust = RemoteCaches.trust(environment);
    List<RemoteStore> remotes = RemoteCaches.open(request.caches(), environment);
    TieredCache cache =
        new TieredCache(
            new LocalCache(request.cacheDir().resolve("actions")),
            remotes,
            message -> warnings.println("slipway: warning: " + message),
            TieredCache.Settings.DEFAULT,
            trust);
    TieredActionStore store = new TieredActionStore(cache);
    String listKey =
        "list-" + Digest.sha256Of(identity.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 40);
    // The action set's request goes out now, before go asks for anything.
    CompletableFuture<Integer> prefetch = cache.prefetchListAsync(listKey, io);
    try {
      CacheprogServer server = CacheprogServer.start(store, warnings);
      return new ActionStage(cache, trust, store, server, listKey, prefetch, io);
    } catch (IOException | RuntimeException e) {
      cache.close(); // stops the prefetch too
      throw e;
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

  /** Each go build's GOCACHEPROG, or null when go keeps its own cache. */
  GoCompiler.CacheProg cacheProg() {
    return server == null ? null : server::newGoCacheProg;
  }

  /**
   * Hits and misses of go's action lookups (not the action list's), with what each tier did, and
   * which remote and writer the actions came from.
   */
  record Counts(
      int hits,
      int misses,
      Map<String, Integer> missedBy,
      Map<String, BuildSummary.TierStat> tiers,
      ActionSources sources) {}

  /**
   * Where the run's compile actions came from, for provenance: go's lookups that hit and missed,
   * the bodies each tier served, and, per remote, the writers whose records go used (checked
   * against the trust key when the build held one) and the records refused as untrusted. Without a
   * remote cache go keeps its own cache, which counts nothing for Slipway.
   */
  Provenances.Lineage lineage() {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("cache", cache == null ? "go's own GOCACHE" : "slipway GOCACHEPROG");
    if (cache != null) {
      Counts counts = counts(List.of());
      out.put("actionHits", counts.hits());
      out.put("actionMisses", counts.misses());
      Map<String, Integer> tiers = new TreeMap<>();
      counts.tiers().forEach((tier, stat) -> tiers.put(tier, stat.files()));
      out.put("actionsByTier", tiers);
      ActionSources sources = counts.sources();
      out.put("writersVerified", sources.verified());
      Map<String, Object> remotes = new TreeMap<>();
      sources
          .remotes()
          .forEach(
              (name, r) ->
                  remotes.put(
                      name,
                      Map.of(
                          "readOnly", r.readOnly(),
                          "untrusted", r.untrusted(),
                          "writers", r.writers())));
      out.put("remotes", remotes);
    }
    return new Provenances.Lineage(out);
  }

  /**
   * The counts, with go's lookups that missed told apart by what they were for, as {@code graphs}
   * (the action graphs of the build's go builds) say.
   */
  Counts counts(Collection<GoAction.Graph> graphs) {
    if (cache == null) {
      return new Counts(0, 0, Map.of(), Map.of(), ActionSources.NONE);
    }
    List<TierStats> stats = cache.stats();
    long hits = 0;
    long remoteBodies = 0;
    long remoteBytes = 0;
    TierStats local = null;
    Map<String, BuildSummary.TierStat> tiers = new TreeMap<>();
    Map<String, ActionSources.Remote> remotes = new TreeMap<>();
    for (TierStats t : stats) {
      hits += t.hits();
      if (t.tier().equals("local")) {
        local = t;
        continue;
      }
      remoteBodies += t.bodiesRead();
      remoteBytes += t.bytesRead();
      remotes.put(
          t.tier(), new ActionSources.Remote(t.readOnly(), t.writes(), t.untrusted(), t.writers()));
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
    List<String> missed = store.missed();
    return new Counts(
        (int) hits,
        missed.size(),
        GoCacheLookups.classify(missed, store.asked(), graphs),
        tiers,
        new ActionSources(trust.hasKey(), trust.writer(), remotes));
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
