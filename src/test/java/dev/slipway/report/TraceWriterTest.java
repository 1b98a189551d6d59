package dev.slipway.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.record.BuildSummary;
import dev.slipway.testing.TraceEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceWriterTest {
  @Test
  void everyStageIsACompleteEventInMicrosecondsAndOverlappingStagesGetTheirOwnLanes()
      throws Exception {
    List<JsonNode> events = TraceEvents.check(TraceWriter.toJson(Summaries.overlapping()));
    assertThat(events).hasSize(1 + 7);
    JsonNode arm = byName(events, "compile linux/arm64");
    assertThat(arm.path("ts").asLong()).isEqualTo(30_000);
    assertThat(arm.path("dur").asLong()).isEqualTo(500_000);
    assertThat(arm.path("args").path("stage").asText()).isEqualTo("compile");
    assertThat(arm.path("args").path("detail").asText()).isEqualTo("linux/arm64");
    JsonNode amd = byName(events, "compile linux/amd64");
    assertThat(amd.path("tid").asLong()).isNotEqualTo(arm.path("tid").asLong());
    // serial stages share the first lane: plan then fingerprint
    assertThat(byName(events, "plan").path("tid").asLong())
        .isEqualTo(byName(events, "fingerprint").path("tid").asLong())
        .isEqualTo(1);
    Set<Long> lanes = events.stream().map(e -> e.path("tid").asLong()).collect(Collectors.toSet());
    assertThat(lanes).containsExactlyInAnyOrder(0L, 1L, 2L, 3L);
  }

  @Test
  void theBuildEventCoversEverythingAndCarriesTheCounts() throws Exception {
    JsonNode build =
        TraceEvents.check(
                TraceWriter.toJson(
                    Summaries.overlapping().withBudget(new BuildSummary.Budget(500, true))))
            .stream()
            .filter(e -> e.path("cat").asText().equals("build"))
            .findFirst()
            .orElseThrow();
    assertThat(build.path("tid").asLong()).isZero();
    assertThat(build.path("dur").asLong()).isEqualTo(700_000);
    JsonNode args = build.path("args");
    assertThat(args.path("targets").asInt()).isEqualTo(2);
    assertThat(args.path("moduleHits").asInt()).isEqualTo(10);
    assertThat(args.path("actionMisses").asInt()).isEqualTo(5);
    assertThat(args.path("layerHits").asInt()).isEqualTo(7);
    assertThat(args.path("blobsUploaded").asInt()).isEqualTo(3);
    assertThat(args.path("blobsMounted").asInt()).isEqualTo(1);
    assertThat(args.path("bytesUploaded").asLong()).isEqualTo(5_000_000_000L);
    assertThat(args.path("fastPath").isBoolean()).isTrue();
    assertThat(args.path("overBudget").asBoolean()).isTrue();
  }

  @Test
  void aStageEndingAfterTheRecordedTotalStillFitsInsideTheBuildEvent() throws Exception {
    BuildSummary s = Summaries.overlapping();
    BuildSummary shortTotal = new BuildSummary(s.targets(), s.blobs(), s.cache(), s.stages(), 100);
    TraceEvents.check(TraceWriter.toJson(shortTotal));
  }

  @Test
  void writeReplacesTheFileAtomically(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("trace.json");
    Files.writeString(file, "old");
    TraceWriter.write(Summaries.overlapping(), file);
    assertThat(Files.readAllBytes(file)).isEqualTo(TraceWriter.toJson(Summaries.overlapping()));
    try (var files = Files.list(tmp)) {
      assertThat(files).containsExactly(file);
    }
  }

  private static JsonNode byName(List<JsonNode> events, String name) {
    return events.stream()
        .filter(e -> e.path("name").asText().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
