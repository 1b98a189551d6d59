package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first run of {@code ./slipway} on a fresh clone: the launcher builds the jar with the real
 * Maven in a copy of the project, says what it is doing and how long it took, and writes no escape
 * code when its output is not a terminal (Debian's Maven 3.8 writes colour resets even in batch
 * mode).
 */
@Tag("integration")
class LauncherEndToEndTest {
  private static final Path PROJECT = Path.of("").toAbsolutePath();

  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private Path cloneOfTheProject() throws IOException {
    Path clone = dir.resolve("clone");
    for (String part : List.of("slipway", "pom.xml", ".mvn", "launcher", "src/main")) {
      FileTrees.copy(PROJECT.resolve(part), clone.resolve(part));
    }
    return clone;
  }

  private Run launch(Path clone, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("bash", "slipway"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(clone.toFile());
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("CI", "true"); // no warm server: this run must not leave a process behind
    env.remove("MAVEN_OPTS");
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectOutput(dir.resolve("out").toFile());
    pb.redirectError(dir.resolve("err").toFile());
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the launcher did not finish in 10 minutes");
    }
    return new Run(
        p.exitValue(),
        Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
  }

  @Test
  void theFirstRunSaysWhatItBuildsAndHowLongItTookWithNoEscapeCodes() throws Exception {
    Path clone = cloneOfTheProject();
    Run first = launch(clone, "--version");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).startsWith("slipway ");
    assertThat(first.err().lines().toList())
        .first()
        .asString()
        .startsWith("slipway: building the jar (mvn package");
    assertThat(first.err())
        .contains("slipway:   compiler:compile\n", "slipway:   shade:shade\n")
        .containsPattern("\nslipway: built the jar in \\d+ s; later runs start at once\n")
        .doesNotContain("\u001b");
    assertThat(clone.resolve("target/slipway.jar")).isRegularFile();

    Run second = launch(clone, "--version");
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.err()).doesNotContain("building the jar");
  }

  @Test
  void aJarThatDoesNotBuildShowsMavensErrorsAndFails() throws Exception {
    Path clone = cloneOfTheProject();
    Files.writeString(
        clone.resolve("src/main/java/dev/slipway/Broken.java"),
        "package dev.slipway;\n\nclass Broken { int x = \"not a number\"; }\n");
    Run run = launch(clone, "--version");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("[ERROR]", "Broken.java")
        .contains("slipway: building the jar failed (above)")
        .doesNotContain("\u001b")
        .doesNotContain("built the jar in");
  }
}
