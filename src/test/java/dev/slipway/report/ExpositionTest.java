package dev.slipway.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.record.BuildSummary;
import dev.slipway.testing.PromText;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpositionTest {
  private static final Instant FINISHED = Instant.parse("2024-05-06T07:08:09.250Z");

  private static String text() {
    return Exposition.render(
        Summaries.overlapping().withBudget(new BuildSummary.Budget(28_000, false)), FINISHED);
  }

  @Test
  void theBuildsNumbersComeOutInSecondsAndPlainCounts() {
    String t = text();
    assertThat(PromText.value(t, "slipway_build_duration_seconds", Map.of())).isEqualTo(0.7);
    assertThat(PromText.value(t, "slipway_build_last_success_timestamp_seconds", Map.of()))
        .isEqualTo(1714979289.25);
    assertThat(PromText.value(t, "slipway_build_targets", Map.of())).isEqualTo(2);
    assertThat(PromText.value(t, "slipway_build_fast_path", Map.of())).isZero();
    assertThat(
            PromText.value(
                t,
                "slipway_build_stage_seconds",
                Map.of("stage", "compile", "detail", "linux/arm64")))
        .isEqualTo(0.5);
    assertThat(PromText.value(t, "slipway_build_stage_wall_seconds", Map.of("stage", "compile")))
        .isEqualTo(0.5);
    assertThat(PromText.value(t, "slipway_build_cache_hits", Map.of("kind", "actions")))
        .isEqualTo(30);
    assertThat(PromText.value(t, "slipway_build_cache_misses", Map.of("kind", "layers")))
        .isEqualTo(1);
    assertThat(PromText.value(t, "slipway_build_action_misses", Map.of("for", "link")))
        .isEqualTo(3);
    assertThat(PromText.value(t, "slipway_build_action_misses", Map.of("for", "other")))
        .isEqualTo(2);
    assertThat(
            PromText.value(
                t, "slipway_build_cache_tier_bytes", Map.of("kind", "modules", "tier", "local")))
        .isEqualTo(1000);
    assertThat(
            PromText.value(
                t, "slipway_build_cache_tier_seconds", Map.of("kind", "actions", "tier", "local")))
        .isEqualTo(0.04);
    assertThat(PromText.value(t, "slipway_build_blobs", Map.of("outcome", "skipped"))).isEqualTo(4);
    assertThat(PromText.value(t, "slipway_build_blob_uploaded_bytes", Map.of()))
        .isEqualTo(5_000_000_000.0);
    assertThat(PromText.value(t, "slipway_build_budget_seconds", Map.of())).isEqualTo(28);
    assertThat(PromText.value(t, "slipway_build_over_budget", Map.of())).isZero();
    assertThat(t).contains("slipway_build_blob_uploaded_bytes 5000000000\n");
    assertThat(t).contains("slipway_build_budget_seconds 28\n");
  }

  @Test
  void everyFamilyIsAGaugeWithHelpAndTypeOnce() {
    String t = text();
    PromText.parse(t); // refuses a second HELP/TYPE or a sample without them
    for (PromText.Sample s : PromText.parse(t)) {
      assertThat(PromText.type(t, s.name())).as(s.name()).isEqualTo("gauge");
    }
  }

  @Test
  void labelValuesEscapeQuotesBackslashesAndNewlines() {
    String t = text();
    assertThat(t).contains("detail=\"worker \\\"odd\\\\name\\nx\"");
    assertThat(
            PromText.value(
                t,
                "slipway_build_stage_seconds",
                Map.of("stage", "layers", "detail", "worker \"odd\\name\nx")))
        .isEqualTo(0.1);
  }

  @Test
  void withoutABudgetThereAreNoBudgetMetrics() {
    String t = Exposition.render(Summaries.overlapping(), FINISHED);
    assertThat(t).doesNotContain("budget");
  }
}
