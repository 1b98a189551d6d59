package dev.slipway.report;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.UsageException;
import dev.slipway.record.ActionSources;
import dev.slipway.record.BuildRecord;
import dev.slipway.record.BuildSummary;
import dev.slipway.record.RecordStore;
import dev.slipway.record.Timeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  static final String HOSTILE = "</script><script>alert(1)</script>";

  @TempDir Path dir;

  /** A built record with one target, a few stages and the given rebuilds. */
  static BuildRecord record(
      String id, String outcome, String error, String digest, List<BuildRecord.Rebuild> rebuilt) {
    boolean fast = outcome.equals(BuildRecord.FAST_PATH);
    BuildSummary.CacheStats cache =
        fast
            ? BuildSummary.CacheStats.none(true)
            : new BuildSummary.CacheStats(
                3,
                1,
                Map.of(),
                40,
                10,
                Map.of("link", 6, "compile", 4),
                Map.of(),
                2,
                2,
                false,
                List.of(),
                ActionSources.NONE);
    BuildSummary summary =
        new BuildSummary(
            List.of(
                new BuildSummary.TargetResult(
                    "app" + HOSTILE, "example.com/app", List.of("linux/amd64"), digest, "")),
            new BuildSummary.BlobStats(1, 2, 0, 1234),
            cache,
            List.of(
                new Timeline.Span("fingerprint", "", 0, 100),
                new Timeline.Span("compile", "app", 100, 900),
                new Timeline.Span("link", "app", 300, 500)),
            1200);
    return new BuildRecord(
        id,
        1_700_000_000_000L,
        outcome,
        error,
        List.of("example.com/app"),
        Map.of(),
        summary,
        List.of(),
        "",
        List.of(),
        List.of(),
        rebuilt,
        List.of(new BuildRecord.ModuleMiss("example.com/m", "v1.0.0", BuildRecord.COLD, "")));
  }

  private History history() throws Exception {
    RecordStore store = new RecordStore(dir);
    store.save(
        record(
            "20260101-000000-000-0001",
            BuildRecord.BUILT,
            "",
            "sha256:aaa",
            List.of(
                new BuildRecord.Rebuild(
                    "linux/amd64", "example.com/app/" + HOSTILE, BuildRecord.COLD, List.of()),
                new BuildRecord.Rebuild(
                    "linux/amd64", "std", BuildRecord.COLD, List.of("7 pkgs")))));
    store.save(
        record(
            "20260101-000001-000-0002",
            BuildRecord.FAILED,
            "go build: " + HOSTILE + " & \u2028 <!--",
            "sha256:bbb",
            List.of(
                new BuildRecord.Rebuild(
                    "linux/amd64", "example.com/app/x", BuildRecord.SOURCE, List.of("~a.go")))));
    store.save(
        record("20260101-000002-000-0003", BuildRecord.FAST_PATH, "", "sha256:bbb", List.of()));
    return History.load(store, 20);
  }

  @Test
  void hostileStringsCannotLeaveTheDataBlock() throws Exception {
    String html = HtmlReport.render(history());
    int open = html.indexOf("<script type=\"application/json\" id=\"slipway-data\">");
    int close = html.indexOf("</script>", open);
    String block = html.substring(open, close);
    assertThat(block).doesNotContain("alert(1)</").contains("\\u003C/script\\u003E");
    assertThat(block.substring(block.indexOf('>') + 1))
        .doesNotContain("<")
        .doesNotContain(">")
        .doesNotContain("&")
        .doesNotContain("\u2028");
    // The page itself has exactly its own script elements: none came from the data.
    assertThat(html.split("<script", -1)).hasSize(4);
    // Self-contained: nothing is loaded, and no markup is built from strings.
    assertThat(html)
        .doesNotContain("innerHTML", " src=", "href=", "url(", "@import", "fetch(", "XMLHttp");
    // And the data reads back exactly.
    JsonNode data =
        new ObjectMapper().readTree(block.substring(block.indexOf('>') + 1).getBytes(UTF_8));
    assertThat(data.path("builds").get(1).path("error").asText())
        .isEqualTo("go build: " + HOSTILE + " & \u2028 <!--");
    assertThat(data.path("last").path("targets").get(0).path("name").asText())
        .isEqualTo("app" + HOSTILE);
  }

  @Test
  void dataHoldsBuildsOldestFirstWithReasonsAndTheLatestTargetsChangeAgainstTheBuildBefore()
      throws Exception {
    JsonNode data = new ObjectMapper().readTree(HtmlReport.data(history()));
    assertThat(data.path("builds")).hasSize(3);
    assertThat(data.path("builds").get(0).path("id").asText()).endsWith("0001");
    assertThat(data.path("builds").get(0).path("reasons").path("cold").asInt()).isEqualTo(8);
    // the misses as the summary and explain break them down
    assertThat(data.path("builds").get(0).path("actions").toString())
        .isEqualTo("{\"hits\":40,\"misses\":10,\"missedBy\":{\"compile\":4,\"link\":6}}");
    assertThat(data.path("builds").get(2).path("fastPath").asBoolean()).isTrue();
    assertThat(data.path("window").path("reasons").path("source").asInt()).isEqualTo(1);
    assertThat(data.path("window").path("moduleMisses").path("cold").asInt()).isEqualTo(3);
    JsonNode last = data.path("last");
    assertThat(last.path("comparedWith").asText()).endsWith("0002");
    assertThat(last.path("targets").get(0).path("changed").asBoolean()).isFalse();
    assertThat(last.path("targets").get(0).path("pushed").asBoolean()).isFalse();
    assertThat(last.path("stages")).hasSize(3);
  }

  @Test
  void textHasOneLinePerBuildAndTotals() throws Exception {
    String text = TextReport.render(history());
    List<String> lines = text.lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(1)).contains("0003", "fast-path", "1.20s", "actions      -", "none");
    assertThat(lines.get(2)).contains("0002", "failed", "actions  80.0%", "75.0%", "source 1");
    assertThat(lines.get(3)).contains("0001", "built", "rebuilt: cold 8");
    assertThat(lines.get(4))
        .startsWith("Totals: 3 builds (1 fast-path, 1 failed, 1 built), 3.60s")
        .contains("actions 80.0% of 100", "rebuilt: source 1, cold 8");
  }

  @Test
  void anEmptyHistoryNamesTheRecordsDirectory() {
    assertThatThrownBy(() -> History.load(new RecordStore(dir), 20))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(dir.resolve("records").toString());
    assertThatThrownBy(() -> History.load(new RecordStore(dir), 0))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--last 0");
  }

  @Test
  void theFileIsWrittenWhole() throws Exception {
    Path file = dir.resolve("out/report.html");
    HtmlReport.write(history(), file);
    String html = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(html).startsWith("<!doctype html>").endsWith("</html>\n");
    try (var files = Files.list(file.getParent())) {
      assertThat(files.toList()).containsExactly(file);
    }
  }
}
