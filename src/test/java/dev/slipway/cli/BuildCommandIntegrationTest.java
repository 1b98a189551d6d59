package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real {@code go build}s (and one connection attempt) through the CLI. */
@Tag("integration")
class BuildCommandIntegrationTest {
  @TempDir Path tmp;
  private Path module;
  private Path layout;
  private Map<String, String> env;

  @BeforeEach
  void setUp() throws Exception {
    module = CliRun.tinyModule(tmp.resolve("mod"));
    layout = tmp.resolve("oci");
    env = CliRun.env(tmp.resolve("cache"));
  }

  private CliRun build(String... flags) {
    String[] args = new String[flags.length + 3];
    args[0] = "build";
    args[1] = "-C";
    args[2] = module.toString();
    System.arraycopy(flags, 0, args, 3, flags.length);
    return CliRun.run(env, args);
  }

  @Test
  void aMalformedGoModIsAUsageErrorNamingItsLine() throws Exception {
    Files.writeString(module.resolve("go.mod"), "module example.com/tiny\n\nbogus directive\n");
    CliRun r = build("--oci-layout", layout.toString());
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).containsPattern("go\\.mod:3");
    assertThat(layout.resolve("index.json")).doesNotExist();
  }

  @Test
  void aCompileErrorFailsTheBuildWithGosFileAndLine() throws Exception {
    Files.writeString(
        module.resolve("main.go"), "package main\n\nfunc main() {\n\tundefinedThing()\n}\n");
    CliRun r = build("--oci-layout", layout.toString());
    assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
    assertThat(r.err).containsPattern("main\\.go:4:\\d+").contains("undefinedThing");
    assertThat(layout.resolve("index.json")).doesNotExist();
  }

  @Test
  void anUnreachableRegistryIsARegistryErrorNamingTheHost() {
    CliRun r = build("--push", "127.0.0.1:1/x/y");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(4);
    assertThat(r.err).contains("127.0.0.1:1");
    assertThat(module.resolve("build/oci/index.json")).doesNotExist();
    assertThat(layout.resolve("index.json")).doesNotExist();
  }

  @Test
  void aSecondIdenticalBuildIsANoOpAndLeavesTheLayoutByteIdentical() throws Exception {
    CliRun first = build("--oci-layout", layout.toString());
    assertThat(first.exitCode).as(first.toString()).isZero();
    Path index = layout.resolve("index.json");
    assertThat(index).isRegularFile();
    assertThat(first.out).contains("tiny sha256:");
    assertThat(first.err).doesNotContain("no-op");
    byte[] before = Files.readAllBytes(index);

    CliRun second = build("--oci-layout", layout.toString());
    assertThat(second.exitCode).as(second.toString()).isZero();
    assertThat(second.err).contains("no-op");
    assertThat(second.out).isEqualTo(first.out);
    assertThat(Files.readAllBytes(index)).isEqualTo(before);
  }

  @Test
  void aChangedSourceIsRebuiltWithANewDigest() throws Exception {
    CliRun first = build("--oci-layout", layout.toString());
    assertThat(first.exitCode).as(first.toString()).isZero();
    Files.writeString(
        module.resolve("main.go"),
        "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"changed\") }\n");
    CliRun second = build("--oci-layout", layout.toString());
    assertThat(second.exitCode).as(second.toString()).isZero();
    assertThat(second.err).doesNotContain("no-op");
    assertThat(second.out).isNotEqualTo(first.out);
  }

  @Test
  void overBudgetWithoutFailOverBudgetPrintsTheTableAndSucceeds() throws Exception {
    CliRun r = build("--oci-layout", layout.toString(), "--budget", "1ms");
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(layout.resolve("index.json")).isRegularFile();
    assertThat(r.err)
        .contains("slipway: budget 0.001s")
        .containsPattern("compile +\\d+\\.\\d{3}s")
        .containsPattern("build \\(wall\\) +\\d+\\.\\d{3}s .*OVER")
        .contains("stages overlap");
  }

  @Test
  void aGenerousBudgetIsMetAndTheSummarySaysSo() throws Exception {
    Path json = tmp.resolve("s.json");
    CliRun r =
        build(
            "--oci-layout",
            layout.toString(),
            "--json",
            json.toString(),
            "--budget",
            "1h",
            "--fail-over-budget");
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.err).contains("within budget").doesNotContain("OVER");
    assertThat(Files.readString(json)).containsPattern("\"over\" ?: ?false");
  }
}
