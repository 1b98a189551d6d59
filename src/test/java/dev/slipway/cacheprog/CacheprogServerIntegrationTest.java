package dev.slipway.cacheprog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge and the socket server, as Slipway uses them when it runs go itself. */
@Tag("integration")
class CacheprogServerIntegrationTest {
  @TempDir static Path dir;
  private static Path bridge;

  @BeforeAll
  static void buildBridge() throws IOException {
    bridge = Bridge.ensureBuilt(dir.resolve("slipway"), bridgeEnv());
  }

  private static Map<String, String> bridgeEnv() throws IOException {
    return GoRun.env(Files.createDirectories(dir.resolve("gocache-bridge")), null);
  }

  private static Map<String, String> env(String gocache, CacheprogServer server)
      throws IOException {
    return GoRun.env(
        Files.createDirectories(dir.resolve(gocache)),
        server == null ? null : server.goCacheProgValue());
  }

  @Test
  void theBridgeIsBuiltOnceAndReused() throws IOException {
    assertThat(bridge).isExecutable();
    assertThat(bridge.getFileName().toString()).startsWith("slipway-cacheprog-bridge-");
    long modified = Files.getLastModifiedTime(bridge).toMillis();
    assertThat(Bridge.ensureBuilt(dir.resolve("slipway"), bridgeEnv())).isEqualTo(bridge);
    assertThat(Files.getLastModifiedTime(bridge).toMillis()).isEqualTo(modified);
  }

  @Test
  void concurrentFirstBuildsOfTheBridgeAgreeOnOneExecutable() throws Exception {
    Path cache = dir.resolve("fresh-cache");
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Path>> builds = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        builds.add(pool.submit(() -> Bridge.ensureBuilt(cache, bridgeEnv())));
      }
      Set<Path> paths = new HashSet<>();
      for (Future<Path> f : builds) {
        paths.add(f.get());
      }
      assertThat(paths).hasSize(1);
      assertThat(paths.iterator().next()).isExecutable();
      try (Stream<Path> bin = Files.list(cache.resolve("bin"))) {
        assertThat(bin).containsExactlyElementsOf(paths);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBuildWithAnEmptyGocacheHitsTheStoreThroughTheBridge() throws IOException {
    Path module = GoRun.smallModule(dir.resolve("m"));
    DiskActionStore store = new DiskActionStore(dir.resolve("actions-small"));
    try (CacheprogServer server = CacheprogServer.start(store, bridge, System.err)) {
      GoRun.run(module, env("small-1", server), "build", "-x", "-o", "out-1", ".").ok();
      DiskActionStore.Stats filled = store.stats();
      assertThat(filled.puts()).isPositive();

      GoRun.Result second =
          GoRun.run(module, env("small-2", server), "build", "-x", "-o", "out-2", ".").ok();
      DiskActionStore.Stats after = store.stats();
      assertThat(second.output()).doesNotContain("-p example.com/m").doesNotContain("-p fmt ");
      assertThat(after.hits() - filled.hits()).isPositive();
      assertThat(module.resolve("out-2")).isExecutable();
    }
  }

  @Test
  void fourParallelColdBuildsThroughOneServerAllSucceedWithIdenticalBinaries() throws Exception {
    Path module = GoRun.smallModule(dir.resolve("parallel"));
    DiskActionStore store = new DiskActionStore(dir.resolve("actions-parallel"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (CacheprogServer server = CacheprogServer.start(store, bridge, System.err)) {
      List<Future<GoRun.Result>> builds = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Map<String, String> env = env("parallel-" + i, server);
        String out = "out-" + i;
        builds.add(pool.submit(() -> GoRun.run(module, env, "build", "-o", out, ".")));
      }
      Set<String> digests = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        builds.get(i).get().ok();
        byte[] binary = Files.readAllBytes(module.resolve("out-" + i));
        digests.add(Requests.b64(Requests.sha256(binary)));
      }
      assertThat(digests).hasSize(1);
      assertThat(store.stats().puts()).isPositive();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void measureAColdGocacheAgainstAWarmStoreThroughTheBridge() throws IOException {
    Path module = GoRun.stdlibHeavyModule(dir.resolve("heavy"));
    GoRun.Result cold = GoRun.run(module, env("heavy-plain", null), "build", "-o", "out", ".").ok();
    DiskActionStore store = new DiskActionStore(dir.resolve("actions-heavy"));
    GoRun.Result filling;
    GoRun.Result warm;
    GoRun.Result noop;
    try (CacheprogServer server = CacheprogServer.start(store, bridge, System.err)) {
      filling = GoRun.run(module, env("heavy-1", server), "build", "-o", "out", ".").ok();
      warm = GoRun.run(module, env("heavy-2", server), "build", "-o", "out-2", ".").ok();
      noop = GoRun.run(module, env("heavy-2", server), "build", "-o", "out-2", ".").ok();
    }
    GoRun.Result warmPlain =
        GoRun.run(module, env("heavy-plain", null), "build", "-o", "out-3", ".").ok();
    PrintStream out = System.out;
    out.printf(
        "cacheprog measure: stdlib-heavy go build: cold GOCACHE %.2fs; through the bridge: cold"
            + " store %.2fs, warm store + empty GOCACHE %.2fs, unchanged %.2fs; warm plain"
            + " GOCACHE %.2fs; store %s%n",
        cold.seconds(),
        filling.seconds(),
        warm.seconds(),
        noop.seconds(),
        warmPlain.seconds(),
        store.stats());
    assertThat(store.stats().hits()).isPositive();
  }
}
