package dev.slipway.cacheprog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.Digest;
import dev.slipway.testing.RedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway cacheprog} as the user's own GOCACHEPROG, driven by the real go. Runs the shaded
 * jar, which failsafe finds built (package runs before integration-test).
 */
@Tag("integration")
class CacheprogCommandIntegrationTest {
  private static final Pattern STATS = Pattern.compile("slipway cacheprog: (\\S+): (\\d+) hits");

  @TempDir static Path dir;
  private static Path module;
  private static String gocacheprog;

  @BeforeAll
  static void setUp() throws IOException {
    Path jar = Path.of("target/slipway.jar").toAbsolutePath();
    assertThat(jar).as("the shaded jar; run through 'mvn verify'").exists();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    gocacheprog = java + " -jar " + jar + " cacheprog -v";
    module = GoRun.smallModule(dir.resolve("m"));
  }

  private static Map<String, String> env(String gocache) throws IOException {
    Map<String, String> env = GoRun.env(Files.createDirectories(dir.resolve(gocache)), gocacheprog);
    env.put("SLIPWAY_CACHE_DIR", dir.resolve("slipway").toString());
    return env;
  }

  private static long hits(String output) {
    long hits = 0;
    Matcher m = STATS.matcher(output);
    while (m.find()) {
      hits += Long.parseLong(m.group(2));
    }
    return hits;
  }

  @Test
  void aSecondBuildWithAnEmptyGocacheIsServedFromTheStore() throws IOException {
    GoRun.Result first = GoRun.run(module, env("build-1"), "build", "-v", "-o", "out-1", ".").ok();
    assertThat(first.output()).contains("example.com/m/greet");
    assertThat(dir.resolve("slipway/actions/blobs")).isNotEmptyDirectory();

    GoRun.Result second = GoRun.run(module, env("build-2"), "build", "-v", "-o", "out-2", ".").ok();
    assertThat(second.output()).doesNotContain("example.com/m").doesNotContain("\nfmt\n");
    assertThat(hits(second.output())).isPositive();
    assertThat(module.resolve("out-2")).isExecutable();
  }

  @Test
  void aSecondTestRunIsCached() throws IOException {
    GoRun.Result first = GoRun.run(module, env("test-1"), "test", "./greet").ok();
    assertThat(first.output()).contains("ok").doesNotContain("(cached)");

    GoRun.Result second = GoRun.run(module, env("test-2"), "test", "./greet").ok();
    assertThat(second.output()).contains("ok  \texample.com/m/greet\t(cached)");
    assertThat(hits(second.output())).isPositive();
  }

  /**
   * The user's go through {@code slipway cacheprog} honours the remote's mode and the trust key as
   * a build does: a key-holding run writes tagged records; a read-only run reads them and writes
   * nothing, though its go compiles packages of its own.
   */
  @Test
  void theUsersGoWritesTaggedRecordsWithAKeyAndNothingThroughAReadOnlyRemote() throws IOException {
    try (RedisServer redis = RedisServer.start()) {
      Map<String, String> main = env("trust-main");
      main.put("SLIPWAY_CACHE_DIR", dir.resolve("slipway-trust-main").toString());
      main.put("SLIPWAY_CACHE", redis.url());
      main.put("SLIPWAY_CACHE_TRUST_KEY", "a-key-only-main-branch-jobs-hold");
      main.put("SLIPWAY_CACHE_WRITER", "ci-main");
      GoRun.Result first = GoRun.run(module, main, "build", "-o", "out-trust", ".").ok();
      assertThat(first.output()).doesNotContain("a-key-only");
      String record =
          redis.keys("slipway:ac:*").stream()
              .map(k -> new String(redis.get(k), StandardCharsets.UTF_8))
              .findFirst()
              .orElseThrow();
      assertThat(record).contains("\nwriter ci-main\ntag hmac-sha256:");

      Map<String, Digest> before = contents(redis);
      // Another checkout: go compiles its own packages again (their action IDs hold the path).
      Path checkout = GoRun.smallModule(dir.resolve("m-pull-request"));
      Map<String, String> pr = env("trust-pr");
      pr.put("SLIPWAY_CACHE_DIR", dir.resolve("slipway-trust-pr").toString());
      pr.put("SLIPWAY_CACHE", redis.url() + "?mode=ro");
      GoRun.Result second = GoRun.run(checkout, pr, "build", "-v", "-o", "out", ".").ok();
      assertThat(second.output()).contains("example.com/m/greet").contains("(read-only)");
      assertThat(hits(second.output())).isPositive();
      assertThat(contents(redis)).isEqualTo(before);
    }
  }

  private static Map<String, Digest> contents(RedisServer redis) {
    Map<String, Digest> state = new TreeMap<>();
    redis.keys("*").forEach(k -> state.put(k, Digest.sha256Of(redis.get(k))));
    return state;
  }
}
