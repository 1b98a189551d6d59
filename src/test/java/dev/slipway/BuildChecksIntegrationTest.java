package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enforcer's rules in pom.xml fail the build (in validate) on a dependency in a range with a
 * known vulnerability and on a lifecycle plugin without a version: Maven runs on a copy of the POM
 * with one change each.
 */
@Tag("integration")
class BuildChecksIntegrationTest {
  @TempDir Path dir;

  @Test
  void aDependencyWithAKnownVulnerabilityFailsTheBuild() throws Exception {
    String pom =
        replace(
            pom(),
            "<artifactId>commons-compress</artifactId>\n      <version>1.28.0</version>",
            "<artifactId>commons-compress</artifactId>\n      <version>1.21</version>");

    Result result = validate(pom);

    assertThat(result.exit()).as(result.output()).isNotZero();
    assertThat(result.output())
        .contains("known vulnerability")
        .contains("org.apache.commons:commons-compress:jar:1.21 <--- banned")
        .doesNotContain("RequirePluginVersions failed");
  }

  @Test
  void aLifecyclePluginWithoutAVersionFailsTheBuild() throws Exception {
    String pom =
        replace(
            pom(),
            "<artifactId>maven-jar-plugin</artifactId>\n          <version>3.5.1</version>",
            "<artifactId>maven-jar-plugin</artifactId>");

    Result result = validate(pom);

    assertThat(result.exit()).as(result.output()).isNotZero();
    assertThat(result.output())
        .contains("RequirePluginVersions failed")
        .contains("org.apache.maven.plugins:maven-jar-plugin")
        .doesNotContain("BannedDependencies failed");
  }

  private static String pom() throws IOException {
    return Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
  }

  /** {@code text} with {@code from} replaced; fails when pom.xml no longer holds it. */
  private static String replace(String text, String from, String to) {
    assertThat(text).as("pom.xml holds the text the test changes").contains(from);
    return text.replace(from, to);
  }

  private record Result(int exit, String output) {}

  /** {@code mvn validate} on {@code pom}, written alone into a directory of its own. */
  private Result validate(String pom) throws IOException, InterruptedException {
    Files.writeString(dir.resolve("pom.xml"), pom, StandardCharsets.UTF_8);
    Path log = dir.resolve("mvn.log");
    Process mvn =
        new ProcessBuilder("mvn", "-B", "validate", "-Dspotless.check.skip=true")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    if (!mvn.waitFor(3, TimeUnit.MINUTES)) {
      mvn.destroyForcibly();
      throw new AssertionError("mvn validate ran for 3 minutes:\n" + Files.readString(log));
    }
    return new Result(mvn.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
