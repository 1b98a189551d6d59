package dev.slipway.modules;

import static dev.slipway.modules.ProxyResponses.relay;
import static dev.slipway.modules.ProxyResponses.send;
import static dev.slipway.modules.ProxyResponses.sendZip;
import static dev.slipway.modules.ProxyResponses.text;

import com.sun.net.httpserver.HttpExchange;
import dev.slipway.core.Digest;
import dev.slipway.core.ModuleVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Serves the GOPROXY files of one module path ({@code @v/list}, {@code @latest}) and of one version
 * (.info, .mod, .zip) from memory, then the store, then upstream, and records what it served,
 * refused and lacked.
 */
final class ModuleFiles {
  private final ModuleStore store;
  private final Upstream upstream;
  private final ModuleFetcher fetcher;
  private final boolean offline;
  private final boolean trustUnlisted;
  private final ConcurrentHashMap<ModuleVersion, byte[]> mods = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ModuleVersion, byte[]> infos = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<ModuleRejectedException> failures =
      new ConcurrentLinkedQueue<>();
  private final SortedSet<ModuleVersion> missing = new ConcurrentSkipListSet<>();
  private final ModuleStats stats;
  private volatile GoModCache unpacking;

  /** {@code upstream} may be null only when {@code offline}. */
  ModuleFiles(ModuleStore store, Upstream upstream, ModuleFetcher fetcher, ModuleProxy.Options o) {
    this.store = store;
    this.upstream = upstream;
    this.fetcher = fetcher;
    this.offline = o.offline();
    this.trustUnlisted = o.trustUnlisted();
    this.stats = fetcher.stats();
  }

  /** Refusals so far, oldest first; the live queue. */
  ConcurrentLinkedQueue<ModuleRejectedException> failures() {
    return failures;
  }

  /** Modules offline mode lacked; the live set. */
  SortedSet<ModuleVersion> missing() {
    return missing;
  }

  ModuleStats stats() {
    return stats;
  }

  void latest(HttpExchange ex, String modulePath) throws IOException {
    relay(ex, offline ? null : upstream.latest(modulePath));
  }

  void list(HttpExchange ex, String modulePath) throws IOException {
    relay(ex, offline ? null : upstream.list(modulePath));
  }

  /**
   * The .info of a version: from memory or the store; for a version go.sum lists and the store
   * lacks, after bringing its go.mod in (from a remote cache first), so that a runner whose only
   * source is a remote finds the version; else upstream's; else one made up for a stored module.
   */
  void info(HttpExchange ex, ModuleVersion mv) throws IOException {
    byte[] cached = infos.get(mv);
    Optional<StoredModule> local = store.get(mv);
    if (cached == null && local.isEmpty() && (listed(mv, false) || listed(mv, true))) {
      try {
        local = Optional.of(fetcher.ensure(mv, false, null).module());
      } catch (ModuleRejectedException e) {
        refuse(ex, e);
        return;
      } catch (ModuleFetcher.Unavailable e) {
        // not stored anywhere Slipway can reach: upstream's answer below says so
      }
    }
    if (cached == null && local.isPresent() && local.get().info().isPresent()) {
      Digest info = local.get().info().get();
      cached = store.read(info).orElse(null);
      if (cached == null) {
        store.evict(local.get(), info); // damaged: a miss, and the module is fetched again
      }
    }
    if (cached == null && !offline) {
      Upstream.Response r = upstream.info(mv);
      if (!r.found() && store.get(mv).isEmpty()) {
        relay(ex, r);
        return;
      }
      cached = r.found() ? r.body() : null; // else made up below from the stored module
    }
    if (cached == null && store.get(mv).isPresent()) {
      cached = ("{\"Version\":\"" + mv.version() + "\"}\n").getBytes(StandardCharsets.UTF_8);
    }
    if (cached == null) {
      miss(ex, mv);
      return;
    }
    infos.put(mv, cached);
    send(ex, 200, "application/json", cached);
  }

  void mod(HttpExchange ex, ModuleVersion mv, long start) throws IOException {
    byte[] cached = mods.get(mv);
    if (cached != null) {
      send(ex, 200, "text/plain; charset=utf-8", cached);
      record(mv, "mod", Tier.MEMORY, cached.length, start);
      return;
    }
    if (!listed(mv, false) && store.get(mv).isEmpty()) {
      passThrough(ex, mv, "mod", start);
      return;
    }
    try {
      ModuleFetcher.Fetched f = fetcher.ensureIntact(mv, false, infos.get(mv));
      Optional<byte[]> body = store.read(f.module().mod());
      if (body.isEmpty()) {
        text(ex, 500, mv + ": the stored go.mod was removed or damaged while it was served");
        return;
      }
      mods.put(mv, body.get());
      send(ex, 200, "text/plain; charset=utf-8", body.get());
      record(mv, "mod", f.tier(), body.get().length, start);
    } catch (UnvouchedGoModException e) {
      passThrough(ex, mv, "mod", start);
    } catch (ModuleRejectedException e) {
      refuse(ex, e);
    } catch (ModuleFetcher.Unavailable e) {
      unavailable(ex, mv, e);
    }
  }

  /** Holds go's requests for zips while {@code cache} unpacks them (see {@link GoModCache}). */
  void gateZipsOn(GoModCache cache) {
    this.unpacking = cache;
  }

  void zip(HttpExchange ex, ModuleVersion mv, long start) throws IOException {
    GoModCache gate = unpacking;
    if (gate != null) {
      gate.awaitUnpack(mv);
    }
    Optional<StoredModule> local = store.get(mv).filter(StoredModule::hasZip);
    if (local.isEmpty() && !listed(mv, true)) {
      passThrough(ex, mv, "zip", start);
      return;
    }
    try {
      // Hashed before the first byte goes out: once a 200 is sent, a damaged zip could only be
      // cut short, and the go command does not ask again.
      ModuleFetcher.Fetched f = fetcher.ensureIntact(mv, true, infos.get(mv));
      long bytes = sendZip(ex, store.blob(f.module().zip().orElseThrow()));
      record(mv, "zip", f.tier(), bytes, start);
    } catch (UnvouchedGoModException e) {
      relayZip(ex, mv, start); // the zip alone: go checks it against go.sum itself
    } catch (ModuleRejectedException e) {
      refuse(ex, e);
    } catch (ModuleFetcher.Unavailable e) {
      unavailable(ex, mv, e);
    }
  }

  /** Whether go.sum vouches for this file (or the proxy trusts everything). */
  private boolean listed(ModuleVersion mv, boolean zip) {
    Expected e = fetcher.expected();
    return trustUnlisted || (zip ? e.zipHash(mv) : e.modHash(mv)).isPresent();
  }

  /** An unlisted module: relayed, not stored; the go command checks it against the sumdb. */
  private void passThrough(HttpExchange ex, ModuleVersion mv, String kind, long start)
      throws IOException {
    if (offline) {
      miss(ex, mv);
      return;
    }
    if (kind.equals("mod")) {
      Upstream.Response r = upstream.mod(mv);
      relay(ex, r);
      if (r.found()) {
        stats.acquired(new ModuleStats.Acquired(mv, kind, ModuleStats.UPSTREAM, r.body().length));
        record(mv, kind, Tier.UPSTREAM, r.body().length, start, false);
      }
      return;
    }
    relayZip(ex, mv, start);
  }

  /** A zip relayed from upstream after the hostile-zip checks, not stored. */
  private void relayZip(HttpExchange ex, ModuleVersion mv, long start) throws IOException {
    if (offline) {
      miss(ex, mv);
      return;
    }
    Path temp = fetcher.tempFile();
    try {
      Upstream.Response r = upstream.zip(mv, temp);
      if (!r.found()) {
        relay(ex, r);
        return;
      }
      ModuleZip.check(temp, mv);
      long size = sendZip(ex, temp);
      stats.acquired(new ModuleStats.Acquired(mv, "zip", ModuleStats.UPSTREAM, size));
      record(mv, "zip", Tier.UPSTREAM, size, start, false);
    } catch (ModuleRejectedException e) {
      refuse(ex, e);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private void refuse(HttpExchange ex, ModuleRejectedException e) throws IOException {
    failures.add(e);
    text(ex, 403, e.getMessage());
  }

  private void unavailable(HttpExchange ex, ModuleVersion mv, ModuleFetcher.Unavailable e)
      throws IOException {
    if (offline) {
      miss(ex, mv);
      return;
    }
    stats.missed(mv);
    text(ex, e.status() == Upstream.Status.FAILED ? 502 : 404, e.getMessage());
  }

  private void miss(HttpExchange ex, ModuleVersion mv) throws IOException {
    missing.add(mv);
    stats.missed(mv);
    text(ex, 404, mv + " is not in the Slipway store (offline)");
  }

  private void record(ModuleVersion mv, String file, Tier tier, long bytes, long start) {
    record(mv, file, tier, bytes, start, true);
  }

  private void record(
      ModuleVersion mv, String file, Tier tier, long bytes, long start, boolean listed) {
    stats.served(new ModuleStats.Served(mv, file, tier, bytes, System.nanoTime() - start, listed));
  }
}
