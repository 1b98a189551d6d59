package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.RedisServer;
import dev.slipway.testing.SlipwayProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several CI jobs on one runner share a cache volume: four Slipway processes build one module at
 * once on one cache directory (and one GOCACHE), first cold, then after each of two source changes,
 * and every build must succeed with the same digest as the others.
 */
@Tag("integration")
class ParallelBuildsEndToEndTest {
  private static final int BUILDS = 4;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void fourProcessesBuildingOneModuleOnOneCacheDirectoryAllSucceedWithOneDigest() throws Exception {
    buildInRounds(List.of());
  }

  @Test
  void fourProcessesSharingARedisRemoteAndOneCacheDirectoryAllSucceedWithOneDigest()
      throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      buildInRounds(List.of("--cache", redis.url()));
    }
  }

  private void buildInRounds(List<String> cacheFlags) throws Exception {
    Path module = module(dir.resolve("svc"), "v1");
    Map<String, String> env =
        SlipwayProcess.environment(
            Map.of(
                "SLIPWAY_CACHE_DIR",
                dir.resolve("cache").toString(),
                "GOCACHE",
                dir.resolve("gocache").toString(),
                "GOMODCACHE",
                dir.resolve("gomodcache").toString(),
                "GOFLAGS",
                "-modcacherw"));
    Set<String> digests = new HashSet<>();
    for (int round = 0; round < 3; round++) {
      if (round > 0) {
        module(module, "round " + round);
      }
      String digest = buildAtOnce(env, module, round, cacheFlags);
      assertThat(digests.add(digest)).as("round %d makes a new image", round).isTrue();
    }
  }

  /**
   * A main package and a package it imports, on the runtime alone (no fmt), so that a cold round
   * compiles little besides the runtime.
   */
  private static Path module(Path dir, String greeting) {
    GoModules.write(dir.resolve("go.mod"), "module example.com/svc\n\ngo 1.24\n");
    GoModules.write(
        dir.resolve("internal/greet/greet.go"),
        "package greet\n\nconst Greeting = \"" + greeting + "\"\n");
    GoModules.write(
        dir.resolve("cmd/svc/main.go"),
        """
        package main

        import "example.com/svc/internal/greet"

        func main() { println(greet.Greeting) }
        """);
    return dir;
  }

  /** Starts every build before waiting for any; returns the one digest they all made. */
  private String buildAtOnce(Map<String, String> env, Path module, int round, List<String> flags)
      throws Exception {
    List<Process> processes = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    try {
      for (int i = 0; i < BUILDS; i++) {
        Path out = dir.resolve("round" + round + "/build" + i);
        Files.createDirectories(out);
        List<String> args =
            new ArrayList<>(
                List.of(
                    "build",
                    "-C",
                    module.toString(),
                    "--oci-layout",
                    out.resolve("oci").toString(),
                    "--json",
                    out.resolve("summary.json").toString()));
        args.addAll(flags);
        args.add("./cmd/svc");
        logs.add(out.resolve("log"));
        processes.add(SlipwayProcess.start(env, out.resolve("log"), args.toArray(String[]::new)));
      }
      CompletableFuture<?> ended =
          CompletableFuture.allOf(
              processes.stream().map(Process::onExit).toArray(CompletableFuture[]::new));
      try {
        ended.get(5, TimeUnit.MINUTES);
      } catch (TimeoutException e) {
        throw new AssertionError("the builds of round " + round + " did not end", e);
      }
      Set<String> digests = new HashSet<>();
      for (int i = 0; i < BUILDS; i++) {
        Process p = processes.get(i);
        assertThat(p.exitValue())
            .as("build %d of round %d:\n%s", i, round, SlipwayProcess.output(logs.get(i)))
            .isZero();
        Path out = logs.get(i).getParent();
        String digest =
            JSON.readTree(out.resolve("summary.json").toFile())
                .path("targets")
                .path(0)
                .path("digest")
                .asText();
        assertThat(
                JSON.readTree(out.resolve("oci/index.json").toFile())
                    .path("manifests")
                    .path(0)
                    .path("digest")
                    .asText())
            .as("the layout of build %d holds the image it reported", i)
            .isEqualTo(digest);
        digests.add(digest);
      }
      assertThat(digests).as("digests of round %d", round).hasSize(1);
      return digests.iterator().next();
    } finally {
      for (Process p : processes) {
        p.destroyForcibly();
      }
    }
  }
}
