package dev.slipway.cacheprog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
}
