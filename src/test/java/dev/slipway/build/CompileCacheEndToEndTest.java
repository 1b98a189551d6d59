package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cache.ActionRecord;
import dev.slipway.cli.Main;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.NginxCacheServer;
import dev.slipway.testing.RedisClusterServer;
import dev.slipway.testing.RedisServer;
import dev.slipway.testing.RegistryServer;
import dev.slipway.testing.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    // A cold runner: nothing cached anywhere, not even go's own GOCACHE.
    Map<String, String> env = TestEnvironment.cold(dir.resolve(name + "/env"));
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

  /**
   * Exact counts of go's own lookups (the action list is not among them), and a body corrupted in
   * the registry's storage: one build misses it, rebuilds it and repairs the entry, so the next
   * cold runner hits everything.
   */
  @Test
  void aCorruptBodyInTheRegistryCostsOneBuildOneMissAndIsRepairedForTheNext() throws Exception {
    Path module = GoModules.service(dir.resolve("svc"), "svc");
    // go stores less for a file changed in the last two seconds (its mtime cannot yet vouch for
    // its content): sources as old as a checkout's make go's lookups the same in every run.
    try (var files = Files.walk(module)) {
      FileTime hourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(f, hourAgo);
      }
    }
    try (RegistryServer registry = RegistryServer.start()) {
      String url = "oci://" + registry.host() + "/cache/actions";
      Run first = runner("one", module, "--cache", url);
      assertThat(first.code()).as(first.err()).isZero();
      // On an empty remote each of go's lookups is one manifest GET, answered 404.
      List<String> asked =
          registry.requests("GET", "/v2/cache/actions/manifests/ac-").stream()
              .map(e -> e.target().replaceFirst(".*/manifests/ac-", ""))
              .filter(key -> !key.startsWith("list-"))
              .toList();
      int lookups = asked.size();
      assertThat(lookups).isGreaterThan(5);
      assertThat(counts(first)).containsExactly(0, lookups);

      // A cold runner with everything remote: go looks up more (a hit leads to further lookups,
      // such as the output's source list), and one action it never stores, the final link.
      Run second = runner("two", module, "--cache", url);
      assertThat(second.code()).as(second.err()).isZero();
      List<Integer> warm = counts(second);
      assertThat(warm.get(0)).isGreaterThan(lookups);
      assertThat(warm.get(1)).isEqualTo(1);

      // A body of one action go looks up, shared with no other action.
      Path records = dir.resolve("one/slipway/actions/a");
      List<ActionRecord> stored = new ArrayList<>();
      try (var files = Files.list(records)) {
        for (Path file : files.toList()) {
          stored.add(ActionRecord.parse(Files.readAllBytes(file)));
        }
      }
      List<ActionRecord> candidates = new ArrayList<>();
      for (String key : asked) {
        Path file = records.resolve(key);
        if (Files.exists(file)) {
          candidates.add(ActionRecord.parse(Files.readAllBytes(file)));
        }
      }
      List<ActionRecord> unique =
          candidates.stream()
              .filter(r -> r.size() > 0)
              .filter(r -> stored.stream().filter(o -> o.blob().equals(r.blob())).count() == 1)
              .toList();
      // A body over the 64 KiB limit of the set's pack is read from its own blob, which is
      // corrupt: one miss. A small one comes from the pack, a second copy: no miss at all.
      ActionRecord large =
          unique.stream().filter(r -> r.size() > 64 << 10).findFirst().orElseThrow();
      ActionRecord small =
          unique.stream().filter(r -> r.size() <= 64 << 10).findFirst().orElseThrow();
      Files.write(registry.blobData(large.blob().hex()), new byte[] {1, 2, 3});
      Files.write(registry.blobData(small.blob().hex()), new byte[] {1, 2, 3});
      Run third = runner("three", module, "--cache", url);
      assertThat(third.code()).as(third.err()).isZero();
      assertThat(counts(third).get(1)).isEqualTo(warm.get(1) + 1);
      assertThat(third.err()).doesNotContain("warning");

      Run fourth = runner("four", module, "--cache", url);
      assertThat(fourth.code()).as(fourth.err()).isZero();
      assertThat(counts(fourth)).isEqualTo(warm);
      assertThat(fourth.summary().path("targets").path(0).path("digest").asText())
          .isEqualTo(first.summary().path("targets").path(0).path("digest").asText());
    }
  }

  private static List<Integer> counts(Run run) {
    JsonNode actions = run.summary().path("cache").path("actions");
    return List.of(actions.path("hits").asInt(), actions.path("misses").asInt());
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
      JsonNode remote = actions.path("tiers").path(redis.url());
      assertThat(remote.path("bytes").asLong()).isPositive();
      // Files and bytes describe the same bodies: the ones Redis sent, prefetched or asked for.
      // Runner two's local tier started empty, so it supplied no body of its own.
      assertThat(remote.path("files").asInt())
          .isGreaterThanOrEqualTo(actions.path("hits").asInt() * 9 / 10);
      assertThat(actions.path("tiers").path("local").path("files").asInt()).isZero();
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
