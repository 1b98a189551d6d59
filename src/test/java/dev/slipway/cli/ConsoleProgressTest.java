package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.record.BuildSummary;
import dev.slipway.record.Timeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void withoutATerminalEachFinishedStageIsOnePlainLine() {
    try (ConsoleProgress progress = new ConsoleProgress(err, false)) {
      Timeline timeline = new Timeline(progress);
      Timeline.Stage stage = timeline.stage("compile", "linux/arm64");
      assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();
      stage.close();
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).matches("slipway: compile linux/arm64 +\\d+\\.\\d\\ds\\n");
    assertThat(out).doesNotContain("\r");
  }

  @Test
  void theFinalLineSaysWhatWasUploadedAndWhetherTheBuildWasANoOp() {
    try (ConsoleProgress progress = new ConsoleProgress(err, false)) {
      progress.done(
          new BuildSummary(
              List.of(),
              new BuildSummary.BlobStats(2, 1, 3, 5 * 1024 * 1024),
              new BuildSummary.CacheStats(
                  0, 0, java.util.Map.of(), 0, 0, java.util.Map.of(), 0, 0, true),
              List.of(),
              1234));
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("in 1.23s")
        .contains("no-op")
        .contains("uploaded 2 (5.0 MiB), skipped 1, mounted 3");
  }
}
