package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.Progress;
import dev.slipway.record.BuildSummary;
import dev.slipway.record.Timeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
  private static final String ESC = "\033[";

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private long now = 1_000_000_000L;
  private Runnable tick;
  private int tickersStarted;
  private boolean tickerStopped;

  private ConsoleProgress progress(ConsoleProgress.Mode mode, int width) {
    return new ConsoleProgress(
        err,
        mode,
        width,
        () -> now,
        t -> {
          tick = t;
          tickersStarted++;
          return () -> tickerStopped = true;
        });
  }

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** What the terminal shows after the last frame: the lines between the final cursor moves. */
  private List<String> lastFrame() {
    String out = output();
    int start = Math.max(out.lastIndexOf("A"), -1) + 1;
    String frame = out.substring(start);
    frame = frame.substring(0, frame.lastIndexOf(ESC + "J"));
    return List.of(frame.replace(ESC + "K", "").split("\n"));
  }

  @Test
  void withoutATerminalEachFinishedStageIsOnePlainLine() {
    try (ConsoleProgress progress = new ConsoleProgress(err, false)) {
      Timeline timeline = new Timeline(progress);
      Timeline.Stage stage = timeline.stage("compile", "linux/arm64");
      assertThat(output()).isEmpty();
      stage.close();
    }
    String out = output();
    assertThat(out).matches("slipway: compile linux/arm64 +\\d+\\.\\d\\ds\\n");
    assertThat(out).doesNotContain("\r");
  }

  @Test
  void withoutATerminalUploadsAreOneLineEachWithBytesAndCompilesPrintNothingPerPackage() {
    try (ConsoleProgress progress = progress(ConsoleProgress.Mode.PLAIN, 80)) {
      Progress.Task compile = progress.task(Progress.Kind.COMPILE, "linux/amd64", -1);
      compile.advance(1);
      compile.advance(1);
      compile.total(40);
      compile.done();
      Progress.Task upload = progress.task(Progress.Kind.UPLOAD, "app 0123456789ab", 3 << 20);
      upload.advance(3 << 20);
      now += 1_500_000_000L;
      upload.done();
      upload.done();
    }
    assertThat(output()).isEqualTo("slipway: upload app 0123456789ab    1.50s 3.0 MiB\n");
    assertThat(tickersStarted).isZero();
  }

  @Test
  void onATerminalEachTaskIsABarSizedToTheWidthWithAmountAndRate() {
    try (ConsoleProgress progress = progress(ConsoleProgress.Mode.BLOCK, 60)) {
      Progress.Task upload = progress.task(Progress.Kind.UPLOAD, "app 0123456789ab", 1000);
      upload.advance(500);
      now += 1_000_000_000L;
      tick.run();
      List<String> frame = lastFrame();
      assertThat(frame).hasSize(1);
      String line = frame.get(0);
      assertThat(line)
          .startsWith("  upload app 0123456789ab [")
          .endsWith("]  500 B / 1000 B 500 B/s");
      assertThat(line.length()).isEqualTo(59);
      String bar = line.substring(line.indexOf('[') + 1, line.indexOf(']'));
      assertThat(bar).matches("#+-+");
      assertThat(bar.chars().filter(c -> c == '#').count()).isEqualTo(bar.length() / 2);
    }
  }

  @Test
  void aCompileShowsASpinnerAndCountUntilItsPackageTotalIsKnown() {
    try (ConsoleProgress progress = progress(ConsoleProgress.Mode.BLOCK, 80)) {
      Progress.Task compile = progress.task(Progress.Kind.COMPILE, "linux/amd64", -1);
      compile.advance(1);
      compile.advance(1);
      now += FRAME;
      tick.run();
      assertThat(lastFrame().get(0)).matches("  compile linux/amd64 [|/\\\\-]  2 compiled");
      compile.total(85);
      compile.advance(1);
      now += FRAME;
      tick.run();
      assertThat(lastFrame().get(0))
          .startsWith("  compile linux/amd64 [#")
          .endsWith("]  3 compiled / 85 pkgs");
    }
  }

  private static final long FRAME = ConsoleProgress.FRAME_NANOS;

  @Test
  void eachRedrawMovesUpOverThePreviousFrameAndClosingErasesIt() {
    ConsoleProgress progress = progress(ConsoleProgress.Mode.BLOCK, 80);
    Timeline timeline = new Timeline(progress);
    Timeline.Stage stage = timeline.stage("publish", "registry app");
    Progress.Task a = progress.task(Progress.Kind.UPLOAD, "a", 10);
    Progress.Task b = progress.task(Progress.Kind.DOWNLOAD, "layer 0123456789ab", -1);
    now += FRAME;
    tick.run();
    assertThat(lastFrame()).hasSize(3);
    assertThat(lastFrame().get(0)).startsWith("slipway: [publish registry app");
    assertThat(lastFrame().get(2)).startsWith("  download layer 0123456789ab");
    int before = output().length();
    a.done();
    b.done();
    now += FRAME;
    tick.run();
    assertThat(output().substring(before)).startsWith("\r" + ESC + "3A");
    assertThat(lastFrame()).hasSize(1);
    progress.close();
    assertThat(output()).endsWith("\r" + ESC + "1A" + ESC + "J");
    assertThat(tickerStopped).isTrue();
    stage.close();
    assertThat(output()).endsWith(ESC + "J"); // nothing after closing
  }

  @Test
  void atMostFourTasksAreDrawnAndTheRestCounted() {
    try (ConsoleProgress progress = progress(ConsoleProgress.Mode.BLOCK, 80)) {
      for (int i = 0; i < 6; i++) {
        progress.task(Progress.Kind.UPLOAD, "blob" + i, 100);
      }
      now += FRAME;
      tick.run();
      assertThat(lastFrame()).hasSize(5).last().isEqualTo("  +2 more");
    }
  }

  @Test
  void theTickerStartsOnlyWhenSomethingRunsLong() {
    try (ConsoleProgress progress = progress(ConsoleProgress.Mode.BLOCK, 80)) {
      Timeline timeline = new Timeline(progress);
      timeline.stage("plan").close();
      timeline.stage("fingerprint").close();
      assertThat(tickersStarted).isZero();
      assertThat(output()).isEmpty();
      now += ConsoleProgress.QUIET_NANOS;
      timeline.stage("modules");
      assertThat(tickersStarted).isEqualTo(1);
      progress.task(Progress.Kind.COMPILE, "linux/amd64", -1);
      assertThat(tickersStarted).isEqualTo(1);
    }
  }

  @Test
  void aTerminalWithoutEscapesGetsOneCarriageReturnLineAndNoEscapeCodes() {
    try (ConsoleProgress progress = progress(ConsoleProgress.Mode.LINE, 40)) {
      Progress.Task t = progress.task(Progress.Kind.DOWNLOAD, "example.com/mod@v1.0.0.zip", 2048);
      t.advance(1024);
      now += FRAME;
      tick.run();
      t.done();
    }
    String out = output();
    assertThat(out).doesNotContain("\033").startsWith("\rdownload");
    for (String line : out.split("\r")) {
      assertThat(line.length()).isLessThan(40);
    }
    assertThat(out).endsWith("\r");
  }

  @Test
  void theRunsOwnTerminalDecidesTheModeNotTheJvms() {
    assertThat(ConsoleProgress.mode(Map.of(), true)).isEqualTo(ConsoleProgress.Mode.BLOCK);
    assertThat(ConsoleProgress.mode(Map.of(), false)).isEqualTo(ConsoleProgress.Mode.PLAIN);
    assertThat(ConsoleProgress.mode(Map.of("TERM", "dumb"), true))
        .isEqualTo(ConsoleProgress.Mode.PLAIN);
    assertThat(ConsoleProgress.mode(Map.of("SLIPWAY_PROGRESS", "plain"), true))
        .isEqualTo(ConsoleProgress.Mode.PLAIN);
  }

  @Test
  void theEnvironmentDecidesModeAndWidth() {
    assertThat(ConsoleProgress.mode(Map.of("SLIPWAY_PROGRESS", "plain"), false))
        .isEqualTo(ConsoleProgress.Mode.PLAIN);
    assertThat(ConsoleProgress.mode(Map.of("SLIPWAY_PROGRESS", "tty"), false))
        .isEqualTo(ConsoleProgress.Mode.BLOCK);
    assertThat(ConsoleProgress.mode(Map.of("SLIPWAY_PROGRESS", "tty", "NO_COLOR", "1"), false))
        .isEqualTo(ConsoleProgress.Mode.LINE);
    assertThat(ConsoleProgress.mode(Map.of("SLIPWAY_PROGRESS", "tty", "TERM", "dumb"), false))
        .isEqualTo(ConsoleProgress.Mode.LINE);
    assertThat(ConsoleProgress.width(Map.of("COLUMNS", "132"))).isEqualTo(132);
    assertThat(ConsoleProgress.width(Map.of("COLUMNS", "wide"))).isEqualTo(80);
    assertThat(ConsoleProgress.width(Map.of())).isEqualTo(80);
  }

  @Test
  void bytesAreShownInBinaryUnits() {
    assertThat(ConsoleProgress.bytes(1023)).isEqualTo("1023 B");
    assertThat(ConsoleProgress.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(ConsoleProgress.bytes(5L << 20)).isEqualTo("5.0 MiB");
    assertThat(ConsoleProgress.bytes(3L << 30)).isEqualTo("3.00 GiB");
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
    assertThat(output())
        .contains("in 1.23s")
        .contains("no-op")
        .contains("uploaded 2 (5.0 MiB), skipped 1, mounted 3");
  }
}
