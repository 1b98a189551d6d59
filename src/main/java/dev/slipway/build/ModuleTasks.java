package dev.slipway.build;

import dev.slipway.core.ModuleVersion;
import dev.slipway.core.RemoteTimeouts;
import dev.slipway.core.SlipwayException;
import dev.slipway.core.UsageException;
import dev.slipway.modfile.GoSum;
import dev.slipway.modules.Expected;
import dev.slipway.modules.GoProxySettings;
import dev.slipway.modules.ModuleProxy;
import dev.slipway.modules.ModuleStore;
import dev.slipway.modules.ModuleWarmer;
import dev.slipway.modules.RemoteModules;
import dev.slipway.modules.StoredModule;
import dev.slipway.plan.GoEnv;
import dev.slipway.plan.ModuleRoots;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/** The module commands: warm the store from go.sum, verify it, and serve it to a team. */
public final class ModuleTasks {
  private ModuleTasks() {}

  /** What a warm did; {@code failures} and {@code missing} are empty on success. */
  public record WarmReport(
      int total,
      long alreadyStored,
      long fetched,
      long skippedPrivate,
      SortedMap<ModuleVersion, String> failures) {}

  /**
   * What {@code modules warm} without {@code --all} did: the files go's {@code go list -deps} of
   * the packages asked for, from the store or fetched (from a remote or upstream).
   */
  public record NeededReport(int modules, int stored, int fetched, long fetchedBytes) {}

  /**
   * Fills the store with the module files a build of {@code patterns} ({@code ./...} when empty)
   * reads, and no others, reading and filling the remote caches {@code caches} on the way.
   */
  public static NeededReport warmNeeded(
      Path workDir,
      Path cacheDir,
      Map<String, String> environment,
      List<String> patterns,
      List<String> caches,
      Consumer<String> warnings)
      throws SlipwayException, IOException {
    NeededModules.Report r =
        NeededModules.warm(root(workDir), cacheDir, environment, patterns, caches, warnings);
    return new NeededReport(r.modules(), r.stored(), r.fetched(), r.fetchedBytes());
  }

  private static Path root(Path workDir) throws UsageException {
    return ModuleRoots.find(workDir)
        .orElseThrow(() -> new UsageException("not inside a Go module: no go.mod in " + workDir));
  }

  /**
   * Fetches every module go.sum lists into the store, in parallel, verifying each against go.sum,
   * through the remote caches {@code caches} (read first, filled after). Offline, it only checks
   * that each is stored and names every one that is not.
   */
  public static WarmReport warm(
      Path workDir,
      Path cacheDir,
      Map<String, String> environment,
      boolean offline,
      int parallelism,
      List<String> caches,
      Consumer<String> progress)
      throws SlipwayException, IOException {
    Path root = root(workDir);
    Path sum = root.resolve("go.sum");
    if (!Files.isRegularFile(sum)) {
      return new WarmReport(0, 0, 0, 0, new TreeMap<>());
    }
    GoSum goSum = GoSum.parse(sum);
    Expected expected = expected(List.of(goSum));
    ModuleStore store = new ModuleStore(cacheDir);
    List<ModuleVersion> modules = new ArrayList<>(goSum.modules());
    if (offline) {
      SortedMap<ModuleVersion, String> missing = new TreeMap<>();
      for (ModuleVersion mv : modules) {
        Optional<StoredModule> stored = store.get(mv);
        if (stored.isEmpty() || stored.get().zip().isEmpty()) {
          missing.put(mv, "not in Slipway's module store (offline)");
        }
      }
      return new WarmReport(modules.size(), modules.size() - missing.size(), 0, 0, missing);
    }
    GoProxySettings settings = settings(root, environment);
    RemoteModules remotes =
        RemoteModuleStore.open(
            caches,
            environment,
            store.root().resolve("tmp"),
            message -> progress.accept("slipway: warning: " + message));
    ModuleWarmer.Result result;
    try (remotes;
        ModuleProxy proxy =
            ModuleTasks.loopbackProxy(store, settings, expected, environment, remotes)) {
      result =
          proxy
              .warmer(parallelism)
              .warm(
                  modules,
                  expected,
                  (mv, outcome, done, total) ->
                      progress.accept(
                          String.format(
                              "[%d/%d] %s %s",
                              done, total, mv, outcome.name().toLowerCase(Locale.ROOT))));
      remotes.flush(java.time.Duration.ofSeconds(60));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while warming modules", e);
    }
    return new WarmReport(
        modules.size(),
        result.count(ModuleWarmer.Outcome.ALREADY_STORED),
        result.count(ModuleWarmer.Outcome.FETCHED),
        result.count(ModuleWarmer.Outcome.SKIPPED_PRIVATE),
        new TreeMap<>(result.failures()));
  }

  /**
   * What {@link #verifyStore} checked, and one line for each blob and module it removed.
   *
   * @param bytesChecked the total size of the blobs re-hashed
   */
  public record VerifyReport(
      long blobsChecked,
      long bytesChecked,
      long modulesChecked,
      List<String> removedBlobs,
      List<String> removedModules) {
    public boolean clean() {
      return removedBlobs.isEmpty() && removedModules.isEmpty();
    }
  }

  /**
   * Re-hashes the module store ({@link ModuleStore#verifyStore()}): every damaged blob and every
   * module that named one is removed, so the next build fetches them again.
   */
  public static VerifyReport verifyStore(Path cacheDir) throws IOException {
    ModuleStore.Verification v = new ModuleStore(cacheDir).verifyStore();
    List<String> blobs = new ArrayList<>();
    v.removedBlobs().forEach(b -> blobs.add("blob sha256:" + b.name() + ": " + b.reason()));
    List<String> modules = new ArrayList<>();
    v.removedModules().forEach(m -> modules.add(m.module() + ": " + m.reason()));
    return new VerifyReport(v.blobsChecked(), v.bytesChecked(), v.modulesChecked(), blobs, modules);
  }

  /** {@link #verifyStore}'s removals, one line each: the damaged blobs, then the modules. */
  public static List<String> verify(Path cacheDir) throws IOException {
    VerifyReport r = verifyStore(cacheDir);
    List<String> bad = new ArrayList<>(r.removedBlobs());
    bad.addAll(r.removedModules());
    return bad;
  }

  /** A running team proxy. */
  public record RunningProxy(URI uri, AutoCloseable handle) {}

  /** Requests a team proxy handles at once; more wait. Clients that stall are cut off. */
  static final int SERVE_THREADS = 64;

  /**
   * Serves the store over the GOPROXY protocol at {@code listen}, with the upstream of the go
   * settings in {@code workDir}. Modules are verified by hash on admission; clients check them
   * against their own go.sum and checksum database.
   *
   * @throws UsageException when {@code listen} is in use or not an address of this machine
   */
  public static RunningProxy serve(
      Path workDir,
      Path cacheDir,
      Map<String, String> environment,
      InetSocketAddress listen,
      boolean offline)
      throws SlipwayException, IOException {
    GoProxySettings settings = settings(workDir, environment);
    ModuleProxy proxy;
    try {
      proxy =
          ModuleProxy.start(
              new ModuleStore(cacheDir),
              settings,
              Expected.none(),
              ModuleProxy.Options.loopback()
                  .withListen(listen)
                  .withOffline(offline)
                  .withTrustUnlisted(true)
                  .withThreads(SERVE_THREADS));
    } catch (BindException e) {
      String address = listen.getHostString() + ":" + listen.getPort();
      String why = e.getMessage() == null ? "cannot bind" : e.getMessage();
      throw new UsageException(
          "cannot listen on "
              + address
              + ": "
              + why.toLowerCase(Locale.ROOT)
              + "; pick another --listen HOST:PORT",
          e);
    }
    return new RunningProxy(proxy.uri(), proxy);
  }

  /** A loopback proxy for a warm: the store, then {@code remotes}, then upstream. */
  static ModuleProxy loopbackProxy(
      ModuleStore store,
      GoProxySettings settings,
      Expected expected,
      Map<String, String> environment,
      RemoteModules remotes)
      throws UsageException, IOException {
    return ModuleProxy.start(
        store,
        settings,
        expected,
        ModuleProxy.Options.loopback()
            .withUpstreamTimeout(RemoteTimeouts.fromCheckedEnvironment(environment).read()),
        remotes);
  }

  /** The hashes every listed go.sum expects, zip and go.mod apart. */
  static Expected expected(List<GoSum> sums) {
    Map<ModuleVersion, String> zips = new HashMap<>();
    Map<ModuleVersion, String> mods = new HashMap<>();
    for (GoSum goSum : sums) {
      for (GoSum.Entry e : goSum.entries()) {
        (e.goMod() ? mods : zips).put(e.mv(), e.hash());
      }
    }
    return Expected.of(zips, mods);
  }

  static GoProxySettings settings(Path dir, Map<String, String> environment)
      throws SlipwayException, IOException {
    return settings(GoEnv.read(dir, environment, ModuleStage.GO_ENV.toArray(String[]::new)));
  }

  static GoProxySettings settings(GoEnv goEnv) throws SlipwayException {
    Map<String, String> values = new LinkedHashMap<>();
    ModuleStage.GO_ENV.forEach(name -> values.put(name, goEnv.get(name)));
    return GoProxySettings.fromGoEnv(values);
  }
}
