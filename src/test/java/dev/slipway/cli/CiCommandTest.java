package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GoModules;
import dev.slipway.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway ci cache-key}: one line on stdout, and exit 2 naming what was wrong. */
class CiCommandTest {
  @TempDir Path tmp;
  private Path repo;
  private Map<String, String> env;

  @BeforeEach
  void setUp() {
    repo = GoModules.service(tmp.resolve("repo"), "api", "worker");
    GoModules.write(repo.resolve("go.sum"), "example.com/a v1.0.0 h1:aaa=\n");
    env = TestEnvironment.cold(tmp.resolve("env"));
  }

  @Test
  void printsOneKeyPerPartFromTheDirectoryOrDashC() {
    CliRun compile = CliRun.runIn(repo, env, "ci", "cache-key");
    assertThat(compile.exitCode).as(compile.toString()).isZero();
    assertThat(compile.out).matches("slipway-go1\\.[^-]+-linux-[a-z0-9]+-[0-9a-f]{16}\n");
    assertThat(compile.err).isEmpty();

    CliRun elsewhere =
        CliRun.runIn(tmp, env, "ci", "cache-key", "--directory", "repo", "--part", "compile");
    assertThat(elsewhere.out).isEqualTo(compile.out);

    CliRun modules =
        CliRun.runIn(tmp, env, "ci", "cache-key", "-C", "repo", "--part", "modules", "--prefix=m");
    assertThat(modules.exitCode).as(modules.toString()).isZero();
    assertThat(modules.out).matches("m-modules-[0-9a-f]{16}\n");
  }

  @Test
  void badInputExitsTwoNamingThePlace() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    CliRun none = CliRun.runIn(empty, env, "ci", "cache-key");
    assertThat(none.exitCode).as(none.toString()).isEqualTo(2);
    assertThat(none.err).contains(empty.toString()).contains("no go.mod or go.work");
    assertThat(none.out).isEmpty();

    CliRun missing = CliRun.runIn(tmp, env, "ci", "cache-key", "-C", "nowhere");
    assertThat(missing.exitCode).isEqualTo(2);
    assertThat(missing.err).contains("-C nowhere: no such directory");

    CliRun part = CliRun.runIn(repo, env, "ci", "cache-key", "--part", "tests");
    assertThat(part.exitCode).isEqualTo(2);
    assertThat(part.err).contains("--part tests: expected modules or compile");

    CliRun prefix = CliRun.runIn(repo, env, "ci", "cache-key", "--prefix", "team/app");
    assertThat(prefix.exitCode).isEqualTo(2);
    assertThat(prefix.err).contains("--prefix team/app");

    GoModules.write(repo.resolve("go.work"), "go 1.24\nuse ./a ./b\n");
    CliRun work = CliRun.runIn(repo, env, "ci", "cache-key");
    assertThat(work.exitCode).as(work.toString()).isEqualTo(2);
    assertThat(work.err).contains(repo.resolve("go.work") + ":2: usage: use local/dir");
  }
}
