package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.record.BuildRecord;
import dev.slipway.record.BuildSummary;
import dev.slipway.record.RecordStore;
import dev.slipway.testing.PromText;
import dev.slipway.testing.PushgatewayServer;
import dev.slipway.testing.TraceEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository's hello example built with every export, against a real pushgateway. */
@Tag("integration")
class ExportsEndToEndTest {
  @TempDir Path tmp;

  @Test
  void anOverBudgetBuildWritesEveryOutputThenExitsThree() throws Exception {
    Path root = Path.of("").toAbsolutePath();
    Path layout = tmp.resolve("oci");
    Path json = tmp.resolve("s.json");
    Path trace = tmp.resolve("trace.json");
    Path prom = tmp.resolve("textfile/slipway.prom");
    try (PushgatewayServer gateway = PushgatewayServer.start()) {
      var run =
          new Slipway(tmp.resolve("cache"))
              .build(
                  json,
                  "-C",
                  root.toString(),
                  "examples/hello",
                  "--platform",
                  "linux/amd64,linux/arm64",
                  "--oci-layout",
                  layout.toString(),
                  "--trace",
                  trace.toString(),
                  "--metrics-file",
                  prom.toString(),
                  "--pushgateway",
                  gateway.url(),
                  "--budget",
                  "1ms", // no build takes under a millisecond: deterministically over
                  "--fail-over-budget");
      assertThat(run.code()).as(run.err()).isEqualTo(3);
      assertThat(run.err()).contains("OVER").contains("--budget").contains("compile");

      assertThat(layout.resolve("index.json")).isRegularFile();
      JsonNode summary = new ObjectMapper().readTree(json.toFile());
      assertThat(summary.path("budget").path("over").asBoolean()).isTrue();
      assertThat(summary.path("budget").path("seconds").asDouble()).isEqualTo(0.001);
      // the build record keeps the budget too, for the report
      var explained = new Slipway(tmp.resolve("cache")).run("explain", "--json");
      assertThat(explained.code()).isZero();
      BuildRecord record = new RecordStore(tmp.resolve("cache")).find("");
      assertThat(record.summary().budget()).contains(new BuildSummary.Budget(1, true));

      List<JsonNode> events = TraceEvents.check(Files.readAllBytes(trace));
      Set<String> stages =
          events.stream()
              .map(e -> e.path("args").path("stage").asText())
              .collect(Collectors.toSet());
      assertThat(stages).contains("plan", "fingerprint", "compile", "layers", "publish");
      JsonNode build =
          events.stream().filter(e -> e.path("cat").asText().equals("build")).findFirst().get();
      assertThat(build.path("dur").asLong())
          .isGreaterThanOrEqualTo(summary.path("totalMs").asLong() * 1000);
      assertThat(build.path("args").path("targets").asInt()).isEqualTo(1);

      String text = Files.readString(prom);
      double seconds = summary.path("totalMs").asLong() / 1000.0;
      assertThat(PromText.value(text, "slipway_build_duration_seconds", Map.of()))
          .isEqualTo(seconds);
      assertThat(PromText.value(text, "slipway_build_over_budget", Map.of())).isEqualTo(1);
      assertThat(PromText.value(text, "slipway_build_targets", Map.of())).isEqualTo(1);

      String scraped = gateway.metrics();
      Map<String, String> group = Map.of("job", "slipway", "targets", "example.com/hello");
      assertThat(PromText.value(scraped, "slipway_build_duration_seconds", group))
          .isEqualTo(seconds);
      assertThat(PromText.value(scraped, "slipway_build_over_budget", group)).isEqualTo(1);
      assertThat(
              PromText.value(
                  scraped,
                  "slipway_build_stage_seconds",
                  Map.of("stage", "compile", "detail", "linux/arm64")))
          .isPositive();
    }
  }
}
