package dev.slipway.ci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GoTestTools;
import dev.slipway.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/ci/github-actions.yml passes actionlint (workflow syntax, expressions and their types,
 * action inputs, and shellcheck on every {@code run:} script), which fails on a broken copy.
 */
@Tag("integration")
class GitHubWorkflowLintTest {
  private static final Path WORKFLOW = Path.of("examples/ci/github-actions.yml");

  @TempDir Path tmp;

  private TestEnvironment.Result actionlint(Path workflow) {
    Map<String, String> env =
        Map.of(
            "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), "HOME", tmp.toString());
    return TestEnvironment.run(
        tmp, env, 120, GoTestTools.actionlint().toString(), "-no-color", workflow.toString());
  }

  @Test
  void theWorkflowHasNoFinding() {
    assertThat(Path.of("/usr/bin/shellcheck"))
        .as("actionlint checks run: scripts with shellcheck (scripts/install-deps)")
        .isExecutable();
    TestEnvironment.Result lint = actionlint(WORKFLOW.toAbsolutePath());
    assertThat(lint.code()).as(lint.output()).isZero();
    assertThat(lint.output()).isEmpty();
  }

  @Test
  void aBrokenCopyFails() throws Exception {
    String workflow = Files.readString(WORKFLOW);
    String broken =
        workflow
            .replace("steps.keys.outputs.modules", "steps.key.outputs.modules")
            .replace(">> \"$GITHUB_PATH\"", ">> $GITHUB_PATH");
    assertThat(broken).isNotEqualTo(workflow);
    Path copy = tmp.resolve("broken.yml");
    Files.writeString(copy, broken);

    TestEnvironment.Result lint = actionlint(copy);
    assertThat(lint.code()).as(lint.output()).isNotZero();
    assertThat(lint.output()).contains("property \"key\" is not defined").contains("SC2086");
  }
}
