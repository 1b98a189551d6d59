package dev.slipway.cacheprog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.slipway.build.TieredActionStore;
import dev.slipway.cache.LocalCache;
import dev.slipway.cache.TierStats;
import dev.slipway.cache.TieredCache;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server and its pipes, as Slipway uses them when it runs go itself: over the store that ships,
 * {@link TieredActionStore} on a {@link TieredCache}, with the real go command. (How much a warm
 * store saves is measured by bench/, scenario g, not here.)
 */
@Tag("integration")
class CacheprogServerIntegrationTest {
  /** A compile in {@code go build -x} output: the compile tool run on a package. */
  private static final Pattern COMPILE = Pattern.compile("(?m)/pkg/tool/[^/\\s]+/compile ");

  @TempDir static Path dir;

  /** An empty GOCACHE, and a conversation of the server as GOCACHEPROG. */
  private static Map<String, String> env(String gocache, CacheprogServer server)
      throws IOException {
    return GoRun.env(Files.createDirectories(dir.resolve(gocache)), server.newGoCacheProg());
  }

  private static TieredCache cache(String name) {
    return new TieredCache(new LocalCache(dir.resolve(name)), List.of(), w -> {});
  }

  private static long compiles(GoRun.Result result) {
    return COMPILE.matcher(result.output()).results().count();
  }

  @Test
  void aWarmStoreServesGosGetsThroughThePipesAndGoCompilesNothing() throws IOException {
    Path module = GoRun.smallModule(dir.resolve("m"));
    PrintStream log = System.err;
    try (TieredCache cache = cache("actions-small");
        CacheprogServer server = CacheprogServer.start(new TieredActionStore(cache), log)) {
      GoRun.Result first =
          GoRun.run(module, env("small-1", server), "build", "-x", "-o", "out-1", ".").ok();
      TierStats filled = cache.stats().get(0);
      long compiled = compiles(first);
      assertThat(compiled).as(first.output()).isGreaterThan(5);
      assertThat(filled.writes()).isGreaterThanOrEqualTo(compiled);

      GoRun.Result second =
          GoRun.run(module, env("small-2", server), "build", "-x", "-o", "out-2", ".").ok();
      TierStats after = cache.stats().get(0);

      // Everything go compiled before is a hit now, through the pipes, with an empty GOCACHE:
      // go compiles nothing. Only the final link runs again (go looks it up, and stores its
      // entries, but never keeps the -o binary), which costs a miss or two and as many writes.
      assertThat(compiles(second)).as(second.output()).isZero();
      assertThat(after.hits() - filled.hits()).isGreaterThanOrEqualTo(compiled);
      assertThat(after.misses() - filled.misses()).isBetween(0L, 2L);
      assertThat(after.writes() - filled.writes()).isBetween(0L, 2L);
      assertThat(module.resolve("out-2")).isExecutable();
      assertThat(Files.readAllBytes(module.resolve("out-2")))
          .isEqualTo(Files.readAllBytes(module.resolve("out-1")));
    }
  }

  @Test
  void fourParallelColdBuildsThroughOneServerAllSucceedWithIdenticalBinaries() throws Exception {
    Path module = GoRun.smallModule(dir.resolve("parallel"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    PrintStream log = System.err;
    try (TieredCache cache = cache("actions-parallel");
        CacheprogServer server = CacheprogServer.start(new TieredActionStore(cache), log)) {
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
      assertThat(cache.stats().get(0).writes()).isPositive();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void pipesNoGoEverOpenedAndAGoKilledMidwayNeitherHoldUpClose() throws Exception {
    Path module = GoRun.smallModule(dir.resolve("killed"));
    try (TieredCache cache = cache("actions-killed")) {
      CacheprogServer server = CacheprogServer.start(new TieredActionStore(cache), System.err);
      String unused = server.newGoCacheProg();
      Map<String, String> env = env("killed-1", server);
      ProcessBuilder pb =
          new ProcessBuilder("go", "build", "-o", "out", ".")
              .directory(module.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().clear();
      pb.environment().putAll(env);
      Process go = pb.start();
      // Killed as soon as its helper has asked for something: the conversation is under way.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      while (cache.stats().get(0).misses() == 0 && go.isAlive()) {
        assertThat(System.nanoTime()).as("go's first lookup").isLessThan(deadline);
        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
      }
      go.descendants().forEach(ProcessHandle::destroyForcibly);
      go.destroyForcibly().waitFor();
      String[] words = env.get("GOCACHEPROG").split(" ");
      Path pipes = Path.of(words[words.length - 1]).getParent();
      // close would hang on either conversation if it waited for a peer: a guard, not a measure.
      assertTimeoutPreemptively(Duration.ofMinutes(1), server::close);
      assertThat(pipes).doesNotExist();
    }
  }
}
