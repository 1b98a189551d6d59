package dev.slipway.explain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.record.ActionSources;
import dev.slipway.record.BuildRecord;
import dev.slipway.record.BuildSummary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code slipway explain} says about where a build's compile actions came from. */
class ExplanationSourcesTest {
  private static Explanation explanation(ActionSources sources) {
    BuildSummary summary =
        new BuildSummary(
            List.of(),
            new BuildSummary.BlobStats(0, 0, 0, 0),
            new BuildSummary.CacheStats(
                0, 0, Map.of(), 9, 1, Map.of(), Map.of(), 0, 0, false, List.of(), sources),
            List.of(),
            100);
    return new Explanation(
        new BuildRecord(
            "20261122-000000-000-0001",
            0,
            BuildRecord.BUILT,
            "",
            List.of("example.com/m"),
            Map.of(),
            summary,
            List.of(),
            "",
            List.of(),
            List.of(),
            List.of(),
            List.of()),
        Optional.empty());
  }

  @Test
  void aTrustedBuildNamesItsWritersTheRecordsItIgnoredAndItsReadOnlyRemotes() throws Exception {
    Explanation e =
        explanation(
            new ActionSources(
                true,
                "release",
                Map.of(
                    "redis://cache:6379",
                    new ActionSources.Remote(true, 0, 2, Map.of("release", 8L, "main", 1L)))));

    assertThat(e.text())
        .contains("actions by writer: main 1, release 8 (verified with the trust key)")
        .contains("untrusted action records ignored: 2")
        .contains("read-only remote: redis://cache:6379");
    JsonNode sources = new ObjectMapper().readTree(e.json()).path("actionSources");
    assertThat(sources.path("verified").asBoolean()).isTrue();
    assertThat(sources.path("untrusted").asInt()).isEqualTo(2);
    assertThat(sources.path("writers").path("release").asInt()).isEqualTo(8);
    assertThat(sources.path("remotes").path("redis://cache:6379").path("readOnly").asBoolean())
        .isTrue();
  }

  @Test
  void anUntrustedBuildSaysItsWriterNamesAreOnlyClaimedAndABuildWithoutRemotesSaysNothing() {
    Explanation claimed =
        explanation(
            new ActionSources(
                false,
                "",
                Map.of(
                    "oci://r/c", new ActionSources.Remote(false, 3, 0, Map.of("untagged", 4L)))));

    assertThat(claimed.text())
        .contains("actions by writer: untagged 4 (as the records claim: no trust key")
        .doesNotContain("untrusted")
        .doesNotContain("read-only");
    assertThat(explanation(ActionSources.NONE).text()).doesNotContain("by writer");
  }
}
