package dev.slipway.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.BudgetExceededException;
import dev.slipway.testing.PromText;
import dev.slipway.testing.Servers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportsTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  private Exports exports(Optional<Pushgateway> gateway, Duration budget, boolean fail) {
    return new Exports(
        Optional.of(tmp.resolve("s.json")),
        Optional.of(tmp.resolve("trace.json")),
        Optional.of(tmp.resolve("slipway.prom")),
        gateway,
        Optional.ofNullable(budget),
        fail,
        Optional.empty());
  }

  @Test
  void anOverBudgetBuildFailsOnlyAfterEveryOutputIsWritten() throws Exception {
    Exports e = exports(Optional.empty(), Duration.ofMillis(1), true);
    assertThatThrownBy(() -> e.finish(Summaries.overlapping(), Instant.EPOCH, err))
        .isInstanceOf(BudgetExceededException.class)
        .hasMessageContaining("--budget")
        .satisfies(x -> assertThat(((BudgetExceededException) x).exitCode()).isEqualTo(3));
    var json = new ObjectMapper().readTree(tmp.resolve("s.json").toFile());
    assertThat(json.path("budget").path("over").asBoolean()).isTrue();
    assertThat(json.path("budget").path("seconds").asDouble()).isEqualTo(0.001);
    assertThat(tmp.resolve("trace.json")).isRegularFile();
    assertThat(
            PromText.value(
                Files.readString(tmp.resolve("slipway.prom")),
                "slipway_build_over_budget",
                Map.of()))
        .isEqualTo(1);
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("OVER by 0.699s");
  }

  @Test
  void overBudgetWithoutFailOverBudgetOnlyReports() throws Exception {
    exports(Optional.empty(), Duration.ofMillis(1), false)
        .finish(Summaries.overlapping(), Instant.EPOCH, err);
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("OVER");
  }

  @Test
  void theTextfileIsRenamedIntoPlaceReadableByTheCollector() throws Exception {
    Path prom = tmp.resolve("slipway.prom");
    Exports.writeTextfile(prom, "# HELP x y\n# TYPE x gauge\nx 1\n");
    assertThat(Files.readString(prom)).isEqualTo("# HELP x y\n# TYPE x gauge\nx 1\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(prom)))
        .isEqualTo("rw-r--r--");
    try (var files = Files.list(tmp)) {
      assertThat(files).containsExactly(prom);
    }
  }

  @Test
  void anUnreachablePushgatewayWarnsWithoutItsPasswordAndTheBuildSucceeds() throws Exception {
    int port = Servers.freePort();
    Pushgateway gateway = Pushgateway.parse("--pushgateway", "http://ci:s3cr3t@127.0.0.1:" + port);
    exports(Optional.of(gateway), null, false).finish(Summaries.overlapping(), Instant.EPOCH, err);
    String warning = errBytes.toString(StandardCharsets.UTF_8);
    assertThat(warning).contains("warning").contains("127.0.0.1:" + port).contains("not pushed");
    assertThat(warning).doesNotContain("s3cr3t").doesNotContain("ci:");
    assertThat(tmp.resolve("slipway.prom")).isRegularFile();
  }

  @Test
  void thePushgatewayGroupIsTheRepositoryElseTheImportPaths() throws Exception {
    Exports pushing =
        new Exports(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false,
            Optional.of("127.0.0.1:5000/team/app"));
    assertThat(pushing.grouping(Summaries.overlapping()))
        .isEqualTo(Map.of("repository", "127.0.0.1:5000/team/app"));
    assertThat(exports(Optional.empty(), null, false).grouping(Summaries.overlapping()))
        .isEqualTo(Map.of("targets", "example.com/svc/cmd/api,example.com/svc/cmd/worker"));
  }
}
