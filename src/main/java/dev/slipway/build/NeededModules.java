package dev.slipway.build;

import dev.slipway.compile.GoCompiler;
import dev.slipway.core.BuildFailedException;
import dev.slipway.core.ModuleVersion;
import dev.slipway.core.SlipwayException;
import dev.slipway.core.StoreCheck;
import dev.slipway.core.Subprocess;
import dev.slipway.modfile.GoSum;
import dev.slipway.modules.Expected;
import dev.slipway.modules.GoProxySettings;
import dev.slipway.modules.ModuleProxy;
import dev.slipway.modules.ModuleStats;
import dev.slipway.modules.ModuleStore;
import dev.slipway.modules.RemoteModules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * {@code slipway modules warm} without {@code --all}: the module files a build of the module's
 * packages reads, and no others. The go command itself decides which: {@code go list -deps} of the
 * packages runs with an empty, private GOMODCACHE behind the build's loopback proxy, so it asks for
 * exactly the go.mod files and zips it needs, and the proxy stores each one verified. (Reading the
 * graph and the imports as go does would repeat go's own rules: graph pruning, the check that
 * exactly one module provides each package, build constraints.)
 */
final class NeededModules {
  private NeededModules() {}

  /** What the go command asked for: files brought in, files already stored, and their modules. */
  record Report(int fetched, long fetchedBytes, int stored, int modules) {}

  static Report warm(
      Path root,
      Path cacheDir,
      Map<String, String> environment,
      List<String> patterns,
      List<String> caches,
      java.util.function.Consumer<String> warnings)
      throws SlipwayException, IOException {
    Path sum = root.resolve("go.sum");
    if (!Files.isRegularFile(sum)) {
      return new Report(0, 0, 0, 0);
    }
    GoProxySettings settings = ModuleTasks.settings(root, environment);
    Expected expected = ModuleTasks.expected(List.of(GoSum.parse(sum)));
    ModuleStore store = new ModuleStore(cacheDir);
    RemoteModules remotes =
        RemoteModuleStore.open(caches, environment, store.root().resolve("tmp"), warnings);
    Path tmp = Files.createDirectories(store.root().resolve("tmp"));
    deleteStale(tmp);
    Path modCache = Files.createTempDirectory(tmp, ".warm-");
    try (remotes;
        ModuleProxy proxy =
            ModuleTasks.loopbackProxy(store, settings, expected, environment, remotes)) {
      Map<String, String> env = new LinkedHashMap<>(environment);
      env.put("GOPROXY", proxy.goProxyValue());
      env.put("GOMODCACHE", modCache.toString());
      // -modcacherw: go makes its module cache read-only; this one is deleted afterwards
      env.put("GOFLAGS", (env.getOrDefault("GOFLAGS", "") + " -modcacherw").strip());
      env.remove("GOCACHEPROG");
      List<String> command =
          new ArrayList<>(List.of("go", "list", "-deps", "-f", "{{.ImportPath}}"));
      command.addAll(patterns.isEmpty() ? List.of("./...") : patterns);
      ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
      pb.environment().clear();
      pb.environment().putAll(env);
      try (Subprocess go = Subprocess.start(pb)) {
        CompletableFuture<String> err = GoCompiler.drain(go.stderr());
        CompletableFuture<String> out =
            GoCompiler.drain(go.stdout()); // read only so go never blocks on it
        int exit = go.waitFor();
        out.join();
        if (exit != 0) {
          proxy.checkNoFailures();
          throw new BuildFailedException("go list failed: " + err.join().strip());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while listing packages", e);
      }
      proxy.checkNoFailures();
      remotes.flush(java.time.Duration.ofSeconds(60));
      return report(proxy.stats());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while uploading modules", e);
    } finally {
      delete(modCache);
    }
  }

  private static Report report(ModuleStats stats) {
    long bytes = 0;
    java.util.Set<String> fetched = new java.util.HashSet<>();
    for (ModuleStats.Acquired a : stats.acquired()) {
      fetched.add(a.module() + " " + a.file());
      bytes += a.bytes();
    }
    TreeSet<ModuleVersion> modules = new TreeSet<>();
    int stored = 0;
    for (ModuleStats.Served s : stats.served()) {
      modules.add(s.module());
      if (!fetched.contains(s.module() + " " + s.file())) {
        stored++;
      }
    }
    return new Report(fetched.size(), bytes, stored, modules.size());
  }

  /** Module caches of warms that were killed: older than {@link StoreCheck#STALE}. */
  private static void deleteStale(Path tmp) throws IOException {
    java.time.Instant before = java.time.Instant.now().minus(StoreCheck.STALE);
    try (Stream<Path> list = Files.list(tmp)) {
      for (Path p : list.toList()) {
        if (p.getFileName().toString().startsWith(".warm-")
            && Files.getLastModifiedTime(p).toInstant().isBefore(before)) {
          delete(p);
        }
      }
    }
  }

  private static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // left for the next warm to delete once it is stale
    }
  }
}
