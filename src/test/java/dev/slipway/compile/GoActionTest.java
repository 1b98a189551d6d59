package dev.slipway.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoActionTest {
  @TempDir Path dir;

  @Test
  void keepsOnlyTheCompilesAndLinksGoRan() throws Exception {
    Path file = dir.resolve("actions.json");
    Files.writeString(
        file,
        """
        [
        {"ID": 0, "Mode": "build", "Package": "example.com/m/lib", "Cmd": ["compile -o x"],
         "TimeStart": "2026-11-22T10:00:00.100Z", "TimeDone": "2026-11-22T10:00:00.350Z", "Deps": [1]},
        {"ID": 1, "Mode": "build", "Package": "fmt", "Cmd": null,
         "TimeStart": "2026-11-22T10:00:00.000Z", "TimeDone": "2026-11-22T10:00:00.001Z"},
        {"ID": 2, "Mode": "link", "Package": "example.com/m/cmd/app", "Cmd": ["link -o y", "more"],
         "TimeStart": "2026-11-22T10:00:00.400Z", "TimeDone": "2026-11-22T10:00:01.000Z"},
        {"ID": 3, "Mode": "built-in package", "Package": "unsafe", "Cmd": ["x"],
         "TimeStart": "2026-11-22T10:00:00.000Z", "TimeDone": "2026-11-22T10:00:00.000Z"}
        ]
        """);
    assertThat(GoAction.read(file))
        .containsExactly(
            new GoAction(
                GoAction.COMPILE,
                "example.com/m/lib",
                Instant.parse("2026-11-22T10:00:00.100Z"),
                Instant.parse("2026-11-22T10:00:00.350Z")),
            new GoAction(
                GoAction.LINK,
                "example.com/m/cmd/app",
                Instant.parse("2026-11-22T10:00:00.400Z"),
                Instant.parse("2026-11-22T10:00:01.000Z")));
    assertThat(GoAction.read(file).get(1).millis()).isEqualTo(600);
  }

  @Test
  void anUnreadableGraphGivesNoActions() throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"not\": \"an array\"");
    assertThat(GoAction.read(file)).isEmpty();
    assertThat(GoAction.read(dir.resolve("missing.json"))).isEmpty();
  }
}
