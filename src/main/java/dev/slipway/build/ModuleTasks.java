package dev.slipway.build;

import dev.slipway.core.ModuleVersion;
import dev.slipway.core.SlipwayException;
import dev.slipway.core.UsageException;
import dev.slipway.modfile.GoSum;
import dev.slipway.modules.Expected;
import dev.slipway.modules.GoProxySettings;
import dev.slipway.modules.ModuleProxy;
import dev.slipway.modules.ModuleStore;
import dev.slipway.modules.ModuleWarmer;
import dev.slipway.modules.StoredModule;
import dev.slipway.plan.GoEnv;
import dev.slipway.plan.ModuleRoots;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
   * Fetches every module go.sum lists into the store, in parallel, verifying each against go.sum.
   * Offline, it only checks that each is stored and names every one that is not.
   */
  public static WarmReport warm(
      Path workDir,
      Path cacheDir,
      Map<String, String> environment,
      boolean offline,
      int parallelism,
      Consumer<String> progress)
      throws SlipwayException, IOException {
    Path root =
        ModuleRoots.find(workDir)
            .orElseThrow(
                () -> new UsageException("not inside a Go module: no go.mod in " + workDir));
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
    ModuleWarmer.Result result;
    try {
      result =
          new ModuleWarmer(store, settings, Duration.ofMinutes(2), parallelism)
              .warm(
                  modules,
                  expected,
                  (mv, outcome, done, total) ->
                      progress.accept(
                          String.format(
                              "[%d/%d] %s %s",
                              done, total, mv, outcome.name().toLowerCase(Locale.ROOT))));
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

  /** Re-hashes the store; bad entries are removed and described. */
  public static List<String> verify(Path cacheDir) throws IOException {
    List<String> bad = new ArrayList<>();
    for (ModuleStore.BadModule b : new ModuleStore(cacheDir).verify()) {
      bad.add(b.module() + ": " + b.reason());
    }
    return bad;
  }

  /** A running team proxy. */
  public record RunningProxy(URI uri, AutoCloseable handle) {}

  /**
   * Serves the store over the GOPROXY protocol at {@code listen}, with the upstream of the go
   * settings in {@code workDir}. Modules are verified by hash on admission; clients check them
   * against their own go.sum and checksum database.
   */
  public static RunningProxy serve(
      Path workDir,
      Path cacheDir,
      Map<String, String> environment,
      InetSocketAddress listen,
      boolean offline)
      throws SlipwayException, IOException {
    ModuleProxy proxy =
        ModuleProxy.start(
            new ModuleStore(cacheDir),
            settings(workDir, environment),
            Expected.none(),
            ModuleProxy.Options.loopback()
                .withListen(listen)
                .withOffline(offline)
                .withTrustUnlisted(true));
    return new RunningProxy(proxy.uri(), proxy);
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
