package dev.slipway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.testing.Procs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SubprocessTest {
  @Test
  void theCommandsOutputAndExitStatusComeThrough() throws Exception {
    try (Subprocess p = Subprocess.start(sh("echo out; echo err >&2; exit 7"))) {
      assertThat(text(p.stdout().readAllBytes())).isEqualTo("out\n");
      assertThat(text(p.stderr().readAllBytes())).isEqualTo("err\n");
      assertThat(p.waitFor()).isEqualTo(7);
    }
  }

  @Test
  void theCommandReadsNothingFromTheLifeline() throws Exception {
    try (Subprocess p = Subprocess.start(sh("cat; echo read-all"))) {
      assertThat(text(p.stdout().readAllBytes())).isEqualTo("read-all\n");
      assertThat(p.waitFor()).isZero();
    }
  }

  @Test
  void aProgramNotOnPathIsNamed() {
    ProcessBuilder pb = new ProcessBuilder("slipway-no-such-program");
    pb.environment().put("PATH", "/nonexistent");
    assertThatThrownBy(() -> Subprocess.start(pb))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("slipway-no-such-program");
  }

  /** What happens when Slipway dies: the pipe closes, and the whole group goes with it. */
  @Test
  void closingTheLifelineKillsTheCommandAndEverythingItStarted() throws Exception {
    assertThat(Subprocess.tied()).as("setsid is on PATH").isTrue();
    String marker = "SLIPWAY_TEST_CHILD=" + UUID.randomUUID();
    ProcessBuilder pb = sh("sleep 100000 & sleep 100000 & echo started; wait");
    pb.environment().put("SLIPWAY_TEST_CHILD", marker.substring(marker.indexOf('=') + 1));
    Subprocess p = Subprocess.start(pb);
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.stdout(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("started");
      // "started" can come before the forked shells have exec'd sleep: wait for both to have.
      Instant execDeadline = Instant.now().plus(Duration.ofSeconds(10));
      List<Procs.Proc> started = marked(marker);
      while (started.stream().filter(proc -> proc.comm().equals("sleep")).count() < 2
          && Instant.now().isBefore(execDeadline)) {
        TimeUnit.MILLISECONDS.sleep(20); // polling for a condition: both children running sleep
        started = marked(marker);
      }
      assertThat(started).extracting(Procs.Proc::comm).contains("sleep", "sleep");
      assertThat(started)
          .as("all in the group Subprocess made")
          .allMatch(proc -> proc.pgid() == p.pid());

      p.close();
      Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
      while (!marked(marker).isEmpty() && Instant.now().isBefore(deadline)) {
        TimeUnit.MILLISECONDS.sleep(20); // polling for a condition: the group being gone
      }
      assertThat(marked(marker)).isEmpty();
    } finally {
      for (Procs.Proc proc : marked(marker)) {
        ProcessHandle.of(proc.pid()).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  private static List<Procs.Proc> marked(String marker) {
    return Procs.list(marker).stream().filter(Procs.Proc::marked).toList();
  }

  private static ProcessBuilder sh(String script) {
    return new ProcessBuilder("sh", "-c", script);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
