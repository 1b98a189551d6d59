package dev.slipway.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryWriterTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String DIGEST_A = "sha256:" + "a".repeat(64);
  private static final String DIGEST_B = "sha256:" + "b".repeat(64);

  private static BuildSummary sample() {
    return new BuildSummary(
        List.of(
            new BuildSummary.TargetResult(
                "api",
                "example.com/svc/cmd/api",
                List.of("linux/amd64"),
                DIGEST_A,
                "localhost:5000/svc/api@" + DIGEST_A),
            new BuildSummary.TargetResult(
                "worker",
                "example.com/svc/cmd/worker",
                List.of("linux/amd64", "linux/arm64"),
                DIGEST_B,
                "")),
        new BuildSummary.BlobStats(3, 4, 1, 123456789012L),
        new BuildSummary.CacheStats(
            10, 2, java.util.Map.of(), 30, 5, java.util.Map.of(), 7, 1, true),
        List.of(
            new Timeline.Span("plan", "", 0, 12),
            new Timeline.Span("compile", "linux/amd64", 12, 340)),
        400);
  }

  @Test
  void theSummaryHasEveryFieldLaterToolsRead() throws Exception {
    JsonNode root = MAPPER.readTree(SummaryWriter.toJson(sample()));

    JsonNode api = root.path("targets").get(0);
    assertThat(api.path("name").asText()).isEqualTo("api");
    assertThat(api.path("importPath").asText()).isEqualTo("example.com/svc/cmd/api");
    assertThat(api.path("platform").asText()).isEqualTo("linux/amd64");
    assertThat(api.path("platforms").toString()).isEqualTo("[\"linux/amd64\"]");
    assertThat(api.path("digest").asText()).isEqualTo(DIGEST_A);
    assertThat(api.path("image").asText()).isEqualTo("localhost:5000/svc/api@" + DIGEST_A);

    JsonNode worker = root.path("targets").get(1);
    assertThat(worker.path("platforms")).hasSize(2);
    assertThat(worker.path("platforms").get(1).asText()).isEqualTo("linux/arm64");
    assertThat(worker.path("digest").asText()).isEqualTo(DIGEST_B);

    JsonNode blobs = root.path("blobs");
    assertThat(blobs.path("uploaded").asInt()).isEqualTo(3);
    assertThat(blobs.path("skipped").asInt()).isEqualTo(4);
    assertThat(blobs.path("mounted").asInt()).isEqualTo(1);
    assertThat(blobs.path("bytesUploaded").asLong()).isEqualTo(123456789012L);

    JsonNode cache = root.path("cache");
    assertThat(cache.path("modules").path("hits").asInt()).isEqualTo(10);
    assertThat(cache.path("modules").path("misses").asInt()).isEqualTo(2);
    assertThat(cache.path("actions").path("hits").asInt()).isEqualTo(30);
    assertThat(cache.path("actions").path("misses").asInt()).isEqualTo(5);
    assertThat(cache.path("fastPath").isBoolean()).isTrue();
    assertThat(cache.path("fastPath").asBoolean()).isTrue();

    JsonNode stages = root.path("stages");
    assertThat(stages).hasSize(2);
    assertThat(stages.get(1).path("name").asText()).isEqualTo("compile");
    assertThat(stages.get(1).path("startMs").asLong()).isEqualTo(12);
    assertThat(stages.get(1).path("durationMs").asLong()).isEqualTo(340);
  }

  @Test
  void actionSourcesSayWhichRemoteAndWriterTheActionsCameFrom() throws Exception {
    BuildSummary s = sample();
    BuildSummary.CacheStats c = s.cache();
    BuildSummary withSources =
        new BuildSummary(
            s.targets(),
            s.blobs(),
            new BuildSummary.CacheStats(
                c.moduleHits(),
                c.moduleMisses(),
                c.moduleTiers(),
                c.actionHits(),
                c.actionMisses(),
                java.util.Map.of("link", 4, "other", 1),
                c.actionTiers(),
                c.layerHits(),
                c.layerMisses(),
                c.fastPath(),
                c.modulesServed(),
                new ActionSources(
                    true,
                    "release",
                    java.util.Map.of(
                        "redis://a:6379",
                        new ActionSources.Remote(
                            false, 2, 1, java.util.Map.of("release", 40L, "untagged", 1L)),
                        "oci://r/cache",
                        new ActionSources.Remote(true, 0, 0, java.util.Map.of("main", 2L))))),
            s.stages(),
            s.totalMs());

    JsonNode actions =
        MAPPER.readTree(SummaryWriter.toJson(withSources)).path("cache").path("actions");
    assertThat(actions.path("missedBy").toString()).isEqualTo("{\"link\":4,\"other\":1}");
    assertThat(actions.path("verified").asBoolean()).isTrue();
    assertThat(actions.path("writer").asText()).isEqualTo("release");
    assertThat(actions.path("untrusted").asInt()).isEqualTo(1);
    assertThat(actions.path("writers").toString())
        .isEqualTo("{\"main\":2,\"release\":40,\"untagged\":1}");
    JsonNode readOnly = actions.path("remotes").path("oci://r/cache");
    assertThat(readOnly.path("readOnly").asBoolean()).isTrue();
    assertThat(readOnly.path("writes").asInt()).isZero();
    assertThat(actions.path("remotes").path("redis://a:6379").path("writes").asInt()).isEqualTo(2);

    JsonNode none = MAPPER.readTree(SummaryWriter.toJson(sample())).path("cache").path("actions");
    assertThat(none.path("verified").asBoolean()).isFalse();
    assertThat(none.has("writer")).isFalse();
    assertThat(none.path("writers").size()).isZero();
  }

  @Test
  void aBudgetIsWrittenInSecondsWithWhetherTheBuildWentOver() throws Exception {
    assertThat(MAPPER.readTree(SummaryWriter.toJson(sample())).has("budget")).isFalse();
    JsonNode budget =
        MAPPER
            .readTree(
                SummaryWriter.toJson(sample().withBudget(new BuildSummary.Budget(1500, true))))
            .path("budget");
    assertThat(budget.path("seconds").isNumber()).isTrue();
    assertThat(budget.path("seconds").asDouble()).isEqualTo(1.5);
    assertThat(budget.path("over").isBoolean()).isTrue();
    assertThat(budget.path("over").asBoolean()).isTrue();
  }

  @Test
  void aTargetThatWasNotPushedHasNoImageButAPlatformsArray() throws Exception {
    JsonNode worker = MAPPER.readTree(SummaryWriter.toJson(sample())).path("targets").get(1);
    assertThat(worker.has("image")).isFalse();
    assertThat(worker.path("platforms").isArray()).isTrue();
  }

  @Test
  void stringsWithQuotesAndControlCharactersStayValidJson() throws Exception {
    BuildSummary odd =
        new BuildSummary(
            List.of(
                new BuildSummary.TargetResult(
                    "we\"ird\n", "ex\\ample", List.of("linux/amd64"), DIGEST_A, "")),
            new BuildSummary.BlobStats(0, 0, 0, 0),
            new BuildSummary.CacheStats(
                0, 0, java.util.Map.of(), 0, 0, java.util.Map.of(), 0, 0, false),
            List.of(),
            0);
    JsonNode t = MAPPER.readTree(SummaryWriter.toJson(odd)).path("targets").get(0);
    assertThat(t.path("name").asText()).isEqualTo("we\"ird\n");
    assertThat(t.path("importPath").asText()).isEqualTo("ex\\ample");
  }

  @Test
  void writeCreatesTheFileAtomicallyWithTheSameBytes(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("out/summary.json");
    Files.createDirectories(file.getParent());
    SummaryWriter.write(sample(), file);
    assertThat(Files.readAllBytes(file)).isEqualTo(SummaryWriter.toJson(sample()));
    try (var s = Files.list(file.getParent())) {
      assertThat(s.count()).isEqualTo(1);
    }
  }
}
