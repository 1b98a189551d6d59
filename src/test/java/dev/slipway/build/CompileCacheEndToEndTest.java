package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.Main;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.NginxCacheServer;
import dev.slipway.testing.RedisClusterServer;
import dev.slipway.testing.RedisServer;
import dev.slipway.testing.RegistryServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compile once, anywhere: a second fresh runner (its own GOCACHE and Slipway cache) that shares
 * only the remote cache compiles nothing the first one compiled.
 */
@Tag("integration")
class CompileCacheEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private record Run(int code, String err, JsonNode summary) {}

  private Run runner(String name, Path module, String... cacheFlags) throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.remove("GOCACHEPROG");
    env.remove("SLIPWAY_CACHE");
    env.put("GOCACHE", dir.resolve(name + "/gocache").toString());
    env.put("SLIPWAY_CACHE_DIR", dir.resolve(name + "/slipway").toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path json = dir.resolve(name + ".json");
    String[] base = {
      "build",
      "-C",
      module.toString(),
      "--oci-layout",
      dir.resolve(name + "/oci").toString(),
      "--json",
      json.toString(),
      "./cmd/svc"
    };
    String[] args = new String[base.length + cacheFlags.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(cacheFlags, 0, args, base.length, cacheFlags.length);
    int code =
        Main.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env,
            args);
    return new Run(
        code,
        err.toString(StandardCharsets.UTF_8),
        code == 0 ? JSON.readTree(json.toFile()) : null);
  }

  @Test
  void aSecondColdRunnerSharingOnlyNginxGetsItsCompileActionsFromIt() throws Exception {
    Path module = GoModules.service(dir.resolve("svc"), "svc");
    try (NginxCacheServer nginx = NginxCacheServer.start()) {
      coldRunnersShare(module, nginx.url("/slipway"));
    }
  }

  @Test
  void aSecondColdRunnerSharingOnlyARegistryGetsItsCompileActionsFromIt() throws Exception {
    Path module = GoModules.service(dir.resolve("svc"), "svc");
    try (RegistryServer registry = RegistryServer.start()) {
      coldRunnersShare(module, "oci://" + registry.host() + "/cache/actions");
    }
  }

  @Test
  void coldRunnersShareThroughARedisClusterAndALostNodeOnlyCostsHits() throws Exception {
    Path module = GoModules.service(dir.resolve("svc"), "svc");
    try (RedisClusterServer cluster = RedisClusterServer.start()) {
      Run first = coldRunnersShare(module, cluster.url());
      for (int node = 0; node < 3; node++) {
        assertThat(cluster.keysOn(node)).as("keys on node %d", node).isPositive();
      }

      cluster.kill(2);
      Run third = runner("three", module, "--cache", cluster.url());
      assertThat(third.code()).as(third.err()).isZero();
      assertThat(third.err().lines().filter(l -> l.contains("warning")))
          .singleElement()
          .asString()
          .contains(cluster.url());
      assertThat(third.summary().path("cache").path("actions").path("misses").asInt()).isPositive();
      assertThat(third.summary().path("targets").path(0).path("digest").asText())
          .isEqualTo(first.summary().path("targets").path(0).path("digest").asText());
    }
  }

  /** Two fresh runners; the second must get what the first compiled from {@code url}. */
  private Run coldRunnersShare(Path module, String url) throws Exception {
    Run first = runner("one", module, "--cache", url);
    assertThat(first.code()).as(first.err()).isZero();
    int compiled = first.summary().path("cache").path("actions").path("misses").asInt();
    assertThat(compiled).isPositive();
    Run second = runner("two", module, "--cache", url);
    assertThat(second.code()).as(second.err()).isZero();
    JsonNode actions = second.summary().path("cache").path("actions");
    assertThat(actions.path("hits").asInt()).isGreaterThanOrEqualTo(compiled * 9 / 10);
    assertThat(actions.path("misses").asInt()).isLessThanOrEqualTo(compiled / 10);
    assertThat(second.summary().path("targets").path(0).path("digest").asText())
        .isEqualTo(first.summary().path("targets").path(0).path("digest").asText());
    return first;
  }

  @Test
  void aSecondColdRunnerSharingOnlyRedisGetsItsCompileActionsFromIt() throws Exception {
    Path module = GoModules.service(dir.resolve("svc"), "svc");
    try (RedisServer redis = RedisServer.start()) {
      Run first = runner("one", module, "--cache", redis.url());
      assertThat(first.code()).as(first.err()).isZero();
      JsonNode firstActions = first.summary().path("cache").path("actions");
      assertThat(firstActions.path("misses").asInt()).isPositive();

      Run second = runner("two", module, "--cache", redis.url());
      assertThat(second.code()).as(second.err()).isZero();
      JsonNode actions = second.summary().path("cache").path("actions");
      assertThat(actions.path("tiers").path(redis.url()).path("files").asInt()).isPositive();
      // Everything the first runner compiled comes from Redis; a handful of link-time actions
      // (the binary itself) may be asked again.
      assertThat(actions.path("hits").asInt())
          .isGreaterThanOrEqualTo(firstActions.path("misses").asInt() * 9 / 10);
      assertThat(second.summary().path("targets").path(0).path("digest").asText())
          .isEqualTo(first.summary().path("targets").path(0).path("digest").asText());
    }

    // The local tier of runner two: stats, a corrupted body found by verify, gc to a cap.
    Map<String, String> env = Map.of("SLIPWAY_CACHE_DIR", dir.resolve("two/slipway").toString());
    assertThat(cli(env, "cache", "stats")).contains("actions: ");
    Path blobs = dir.resolve("two/slipway/actions/blobs");
    Path victim;
    try (var files = java.nio.file.Files.walk(blobs)) {
      victim = files.filter(java.nio.file.Files::isRegularFile).findFirst().orElseThrow();
    }
    java.nio.file.Files.write(victim, new byte[] {1, 2, 3});
    assertThat(cli(env, "cache", "verify")).contains("removed 1");
    assertThat(victim).doesNotExist();
    assertThat(cli(env, "cache", "gc", "--max-size", "1K")).contains("bytes remain");
    long left;
    try (var files = java.nio.file.Files.walk(blobs)) {
      left =
          files
              .filter(java.nio.file.Files::isRegularFile)
              .mapToLong(p -> p.toFile().length())
              .sum();
    }
    assertThat(left).isLessThanOrEqualTo(1024);
  }

  private static String cli(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Main.run(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        env,
        args);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aRemoteCacheThatIsDownWarnsOnceAndTheBuildStillSucceeds() throws Exception {
    Path module = GoModules.service(dir.resolve("svc"), "svc");
    Run run = runner("one", module, "--cache", "redis://127.0.0.1:1");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err().lines().filter(l -> l.contains("warning")).count()).isEqualTo(1);
    assertThat(run.summary().path("cache").path("actions").path("misses").asInt()).isPositive();
  }

  @Test
  void aMalformedCacheUrlIsBadInput() throws Exception {
    Path module = GoModules.service(dir.resolve("svc"), "svc");
    Run run = runner("one", module, "--cache", "redis://user:hunter2@:notaport");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--cache").doesNotContain("hunter2");

    Run cluster = runner("two", module, "--cache", "redis://:hunter2@n1:7000,n2:7000/3");
    assertThat(cluster.code()).isEqualTo(2);
    assertThat(cluster.err())
        .contains("--cache")
        .contains("database 0")
        .contains("n1:7000,n2:7000")
        .doesNotContain("hunter2");
  }
}
