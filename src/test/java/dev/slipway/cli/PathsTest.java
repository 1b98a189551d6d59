package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.UsageException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathsTest {
  private static final Paths HERE = new Paths(Path.of("/project"));

  @Test
  void theCacheIsUnderHomeFromTheEnvironmentNotThePasswordDatabase() throws Exception {
    assertThat(HERE.cacheDir(Map.of("HOME", "/ci/home")))
        .isEqualTo(Path.of("/ci/home/.cache/slipway"));
  }

  @Test
  void xdgCacheHomeComesBeforeHomeAndSlipwayCacheDirBeforeBoth() throws Exception {
    assertThat(HERE.cacheDir(Map.of("HOME", "/h", "XDG_CACHE_HOME", "/x")))
        .isEqualTo(Path.of("/x/slipway"));
    assertThat(
            HERE.cacheDir(Map.of("HOME", "/h", "XDG_CACHE_HOME", "/x", "SLIPWAY_CACHE_DIR", "/c")))
        .isEqualTo(Path.of("/c"));
  }

  @Test
  void withoutHomeThereIsNoGuessFromTheJvmButANamedUsageError() {
    assertThatThrownBy(() -> HERE.cacheDir(Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("HOME is not set")
        .hasMessageContaining("SLIPWAY_CACHE_DIR");
    CliRun r = CliRun.run(Map.of(), "cache", "stats");
    assertThat(r.exitCode).isEqualTo(2);
  }

  @Test
  void cacheStatsReportsTheCacheUnderHome(@TempDir Path home) {
    CliRun r = CliRun.run(Map.of("HOME", home.toString()), "cache", "stats");
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.out).contains(home.resolve(".cache/slipway").toString());
  }
}
