package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code resolve -l}, where it decides before any build. */
class ResolveCommandUsageTest {
  @TempDir Path tmp;
  private Path yaml;
  private Map<String, String> env;

  @BeforeEach
  void setUp() throws Exception {
    yaml = tmp.resolve("deploy.yaml");
    Files.writeString(
        yaml,
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: web, labels: {app: web}}
        spec: {containers: [{image: ko://example.com/web}]}
        """);
    env = CliRun.env(tmp.resolve("cache"));
  }

  @Test
  void aMalformedSelectorIsBadInputNamingTheFlagAndTheProblem() {
    CliRun r = CliRun.run(env, "resolve", "-f", yaml.toString(), "-l", "app in web");

    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err)
        .contains(
            "--selector 'app in web': expected '(' after in or notin, found 'web' at column 8");
    assertThat(r.out).isEmpty();
    assertThat(tmp.resolve("cache")).doesNotExist();
  }

  @Test
  void referencesOfObjectsTheSelectorLeavesOutAreNotBuiltSoNothingNeedsPushing() {
    CliRun r = CliRun.run(env, "resolve", "-f", yaml.toString(), "--selector", "app=db");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.out).isEqualTo("---\n");
    assertThat(tmp.resolve("cache")).doesNotExist();
  }
}
