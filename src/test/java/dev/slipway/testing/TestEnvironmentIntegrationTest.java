package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * go run with a test's environment leaves nothing of its telemetry behind: in its default mode go
 * writes counter files under the configuration directory and may start a detached child that
 * outlives it, and either one in a test's directory races the directory's deletion.
 */
@Tag("integration")
class TestEnvironmentIntegrationTest {
  @TempDir Path dir;

  @Test
  void goWritesNoTelemetryIntoATestsHome() {
    Map<String, String> env = TestEnvironment.cold(dir.resolve("env"));
    TestEnvironment.Result r = TestEnvironment.run(dir, env, 60, "go", "env", "GOTELEMETRY");
    assertThat(r.code()).as(r.output()).isZero();
    assertThat(r.output().strip()).isEqualTo("off");
    Path telemetry = Path.of(env.get("XDG_CONFIG_HOME"), "go", "telemetry");
    assertThat(telemetry.resolve("local")).doesNotExist();
    assertThat(Files.exists(telemetry.resolve("upload"))).isFalse();
  }
}
