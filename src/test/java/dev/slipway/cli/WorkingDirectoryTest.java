package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs in one JVM, each in its own working directory, as a warm server runs its clients' commands:
 * relative paths are relative to the run's directory, never the JVM's. (WarmServerIT builds from
 * two directories at once through the server: -C, --oci-layout, --json and slipway.yaml.)
 */
class WorkingDirectoryTest {
  @TempDir Path tmp;

  private static CliRun run(Path cwd, Map<String, String> env, String... args) {
    return CliRun.runIn(cwd, env, args);
  }

  @Test
  void dashCIsRelativeToTheRunsDirectory() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a/repo"));
    Path b = Files.createDirectories(tmp.resolve("b/repo"));
    Map<String, String> env = Map.of("SLIPWAY_CACHE_DIR", "cache");

    CliRun ra = run(a.getParent(), env, "init", "-C", "repo");
    CliRun rb = run(b.getParent(), env, "init", "-C", "repo");
    CliRun missing = run(tmp, env, "init", "-C", "repo");

    assertThat(ra.exitCode).isEqualTo(2);
    assertThat(ra.err).contains("no Dockerfile under " + a + " ");
    assertThat(rb.err).contains("no Dockerfile under " + b + " ");
    assertThat(missing.err).contains("-C repo: no such directory");
  }

  @Test
  void aRelativeCacheDirectoryIsRelativeToTheRun() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    Map<String, String> env = Map.of("SLIPWAY_CACHE_DIR", "cache");

    assertThat(run(a, env, "cache", "stats").out).contains(a.resolve("cache").toString());
    assertThat(run(b, env, "cache", "stats").out).contains(b.resolve("cache").toString());
  }
}
