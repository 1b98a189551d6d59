package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.build.BuildRunner;
import dev.slipway.core.Progress;
import dev.slipway.plan.BuildRequest;
import dev.slipway.testing.RegistryServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Progress of a real build and push: bars on a terminal, plain lines without one. */
@Tag("integration")
class ProgressIntegrationTest {
  @TempDir Path tmp;
  private RegistryServer registry;
  private Path module;
  private Map<String, String> env;

  @BeforeEach
  void setUp() throws Exception {
    registry = RegistryServer.start();
    module = CliRun.tinyModule(tmp.resolve("mod"));
    // a fresh constant, so go compiles the main package even with the shared build cache
    Files.writeString(
        module.resolve("nonce.go"),
        "package main\n\nconst nonce = \"" + UUID.randomUUID() + "\"\n");
    env = CliRun.env(tmp.resolve("cache"));
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  private String[] args() {
    return new String[] {
      "build",
      "-C",
      module.toString(),
      "--platform",
      "linux/amd64",
      "--push",
      registry.host() + "/x/tiny"
    };
  }

  @Test
  void onATerminalCompileAndUploadBarsAreDrawnAndErasedBeforeTheResult() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    long[] now = {0};
    // A clock a second on per reading, and a frame after every report: each moment is drawn,
    // with no timing involved.
    ConsoleProgress console =
        new ConsoleProgress(
            err, ConsoleProgress.Mode.BLOCK, 100, () -> now[0] += 1_000_000_000L, tick -> () -> {});
    Progress drawing =
        (kind, name, total) -> {
          Progress.Task task = console.task(kind, name, total);
          return new Progress.Task() {
            @Override
            public void advance(long n) {
              task.advance(n);
              console.redraw();
            }

            @Override
            public void total(long t) {
              task.total(t);
              console.redraw();
            }

            @Override
            public void done() {
              task.done();
            }
          };
        };
    BuildCommand command =
        new BuildCommand(
            new Invocation(
                InputStream.nullInputStream(), err, err, env, Invocation.jvmDirectory(), false));
    String[] args = args();
    new CommandLine(command).parseArgs(java.util.Arrays.copyOfRange(args, 1, args.length));
    BuildRequest request = command.request();
    try (console) {
      new BuildRunner(env, console, drawing, err).run(request);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).containsPattern("  compile linux/amd64 +\\S+ +[1-9]\\d* compiled");
    assertThat(out).containsPattern("  upload x/tiny [0-9a-f]{12} +\\[#+\\] +[\\d.]+ [KM]?i?B / ");
    assertThat(out).contains("\033[");
    // closing erased the block: the output ends by moving up over it and clearing below
    assertThat(out).endsWith("\033[J");
    for (String line : out.split("\n")) {
      String visible = line.replaceAll("\r|\033\\[\\d*[AJK]", "");
      assertThat(visible.length()).as(visible).isLessThan(100);
    }
  }

  @Test
  void withoutATerminalThereAreNoEscapeCodesAndOneLinePerUpload() {
    env.put("SLIPWAY_PROGRESS", "plain");
    CliRun r = CliRun.run(env, args());
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.err).doesNotContain("\033").doesNotContain("\r");
    assertThat(r.err).containsPattern("slipway: compile linux/amd64 +\\d+\\.\\d\\ds\n");
    assertThat(r.err).containsPattern("slipway: upload x/tiny [0-9a-f]{12} +\\d+\\.\\d\\ds \\d");
    assertThat(r.err).doesNotContain("compiled");
  }
}
