package dev.slipway.modules;

import dev.slipway.core.Digest;
import dev.slipway.core.ModuleVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Gets a module version into the store: from the store when it is there, else from upstream,
 * verified and admitted. Concurrent requests for the same module in one process share one fetch;
 * other processes are kept safe by the store's atomic writes.
 */
final class ModuleFetcher {
  private final ModuleStore store;
  private final Upstream upstream;
  private final Expected expected;
  private final boolean trustUnlisted;
  private final RemoteModules remotes;
  private final ModuleStats stats;
  private final ConcurrentHashMap<String, CompletableFuture<Fetched>> inFlight =
      new ConcurrentHashMap<>();

  /** A stored module and the tier it came from. */
  record Fetched(StoredModule module, Tier tier) {}

  /** Upstream had nothing usable; {@code status} says how the GOPROXY walk ended. */
  static final class Unavailable extends Exception {
    private final Upstream.Status status;

    Unavailable(Upstream.Status status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    Upstream.Status status() {
      return status;
    }
  }

  /**
   * @param upstream null when offline
   */
  ModuleFetcher(ModuleStore store, Upstream upstream, Expected expected, boolean trustUnlisted) {
    this(store, upstream, expected, trustUnlisted, RemoteModules.none(), new ModuleStats());
  }

  /**
   * @param upstream null when offline
   * @param remotes tried after the store and before upstream; they are read only for what go.sum
   *     vouches for, so never when {@code trustUnlisted}
   * @param stats told of every file this fetcher brings in from a remote or upstream
   */
  ModuleFetcher(
      ModuleStore store,
      Upstream upstream,
      Expected expected,
      boolean trustUnlisted,
      RemoteModules remotes,
      ModuleStats stats) {
    this.store = store;
    this.upstream = upstream;
    this.expected = expected;
    this.trustUnlisted = trustUnlisted;
    this.remotes = trustUnlisted ? RemoteModules.none() : remotes;
    this.stats = stats;
  }

  ModuleStats stats() {
    return stats;
  }

  ModuleStore store() {
    return store;
  }

  Expected expected() {
    return expected;
  }

  boolean trustUnlisted() {
    return trustUnlisted;
  }

  /**
   * The module with at least its go.mod, and its zip when {@code needZip}.
   *
   * @param info the .info body already at hand, or null to fetch it along (best effort)
   */
  Fetched ensure(ModuleVersion mv, boolean needZip, byte[] info)
      throws ModuleRejectedException, Unavailable, IOException {
    Optional<StoredModule> local = store.get(mv);
    if (local.isPresent() && (!needZip || local.get().hasZip())) {
      return new Fetched(local.get(), Tier.LOCAL);
    }
    if (upstream == null && remotes.isEmpty()) {
      throw new Unavailable(Upstream.Status.OFF, mv + " is not in the Slipway store (offline)");
    }
    String key = mv + (needZip ? " zip" : " mod");
    CompletableFuture<Fetched> mine = new CompletableFuture<>();
    CompletableFuture<Fetched> theirs = inFlight.putIfAbsent(key, mine);
    if (theirs != null) {
      return join(theirs);
    }
    try {
      Fetched f = fetch(mv, needZip, info);
      mine.complete(f);
      return f;
    } catch (ModuleRejectedException | Unavailable | IOException | RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  /**
   * {@link #ensure}, with the stored copy's blobs re-hashed first (the zip only when {@code
   * needZip}): a damaged copy is a miss, evicted and fetched again (offline, that is {@link
   * Unavailable} like any other miss). A copy just fetched was verified as it was written.
   */
  Fetched ensureIntact(ModuleVersion mv, boolean needZip, byte[] info)
      throws ModuleRejectedException, Unavailable, IOException {
    Fetched f = ensure(mv, needZip, info);
    if (f.tier() != Tier.LOCAL) {
      return f;
    }
    Optional<Digest> damaged = store.damagedBlob(f.module(), needZip);
    if (damaged.isEmpty()) {
      return f;
    }
    store.evict(f.module(), damaged.get());
    Fetched again = ensure(mv, needZip, info);
    if (again.tier() == Tier.LOCAL && store.damagedBlob(again.module(), needZip).isPresent()) {
      throw new IOException(mv + ": the stored copy is damaged again right after it was replaced");
    }
    return again;
  }

  private Fetched fetch(ModuleVersion mv, boolean needZip, byte[] info)
      throws ModuleRejectedException, Unavailable, IOException {
    if (!needZip && expected.modHash(mv).isEmpty() && expected.zipHash(mv).isPresent()) {
      needZip = true; // go.sum vouches for this go.mod only through the zip that holds it
    }
    Optional<StoredModule> local = store.get(mv);
    if (local.isPresent() && (!needZip || local.get().hasZip())) {
      return new Fetched(local.get(), Tier.LOCAL); // another process or thread just admitted it
    }
    boolean hadMod = local.isPresent();
    Optional<RemoteModules.Hit> remote = remotes.fetch(store, mv, needZip, info, expected);
    if (remote.isPresent()) {
      RemoteModules.Hit hit = remote.get();
      if (!hadMod) {
        stats.acquired(new ModuleStats.Acquired(mv, "mod", hit.remote(), hit.modBytes()));
      }
      if (needZip) {
        stats.acquired(new ModuleStats.Acquired(mv, "zip", hit.remote(), hit.zipBytes()));
      }
      remotes.upload(store, hit.module(), hit.remote());
      return new Fetched(hit.module(), Tier.REMOTE);
    }
    if (upstream == null) {
      throw new Unavailable(
          Upstream.Status.OFF, mv + " is not in the Slipway store or any remote cache (offline)");
    }
    byte[] mod = local.flatMap(sm -> store.read(sm.mod())).orElse(null);
    boolean modFetched = mod == null;
    if (mod == null) {
      mod = body(upstream.mod(mv));
    }
    if (info == null && local.flatMap(StoredModule::info).isEmpty()) {
      Upstream.Response r = upstream.info(mv);
      info = r.found() ? r.body() : null;
    }
    StoredModule admitted;
    long zipBytes = 0;
    if (!needZip) {
      admitted = store.admit(mv, info, mod, null, expected, trustUnlisted);
    } else {
      Path zip = tempFile();
      try {
        Upstream.Response r = upstream.zip(mv, zip);
        if (!r.found()) {
          throw new Unavailable(r.status(), r.message());
        }
        zipBytes = Files.size(zip);
        admitted = store.admit(mv, info, mod, zip, expected, trustUnlisted);
      } finally {
        Files.deleteIfExists(zip);
      }
    }
    if (modFetched) {
      stats.acquired(new ModuleStats.Acquired(mv, "mod", ModuleStats.UPSTREAM, mod.length));
    }
    if (needZip) {
      stats.acquired(new ModuleStats.Acquired(mv, "zip", ModuleStats.UPSTREAM, zipBytes));
    }
    remotes.upload(store, admitted, null);
    return new Fetched(admitted, Tier.UPSTREAM);
  }

  /** A body from upstream, or Unavailable saying how the walk ended. */
  static byte[] body(Upstream.Response r) throws Unavailable {
    if (!r.found()) {
      throw new Unavailable(r.status(), r.message());
    }
    return r.body();
  }

  Path tempFile() throws IOException {
    Path dir = store.root().resolve("tmp");
    Files.createDirectories(dir);
    return Files.createTempFile(dir, "fetch.", ".tmp");
  }

  private static Fetched join(CompletableFuture<Fetched> f)
      throws ModuleRejectedException, Unavailable, IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a fetch", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof ModuleRejectedException m) {
        throw m;
      } else if (c instanceof Unavailable u) {
        throw u;
      } else if (c instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(c);
    }
  }
}
