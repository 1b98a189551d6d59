package dev.slipway.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.record.BuildSummary;
import dev.slipway.testing.PromText;
import dev.slipway.testing.PushgatewayServer;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Pushes to Debian's real prometheus-pushgateway, which answers 400 to malformed exposition. */
@Tag("integration")
class PushgatewayIntegrationTest {
  private static final Map<String, String> GROUP = Map.of("repository", "127.0.0.1:5000/team/app");

  private static String text(boolean over) {
    return Exposition.render(
        Summaries.overlapping().withBudget(new BuildSummary.Budget(500, over)),
        Instant.parse("2024-05-06T07:08:09Z"));
  }

  @Test
  void pushedMetricsComeBackFromTheGatewayWithTheirValuesAndGroup() throws Exception {
    try (PushgatewayServer server = PushgatewayServer.start()) {
      Pushgateway.parse("--pushgateway", server.url()).push(text(true), GROUP);
      String scraped = server.metrics();
      Map<String, String> group = Map.of("job", "slipway", "repository", "127.0.0.1:5000/team/app");
      assertThat(PromText.value(scraped, "slipway_build_duration_seconds", group)).isEqualTo(0.7);
      assertThat(PromText.value(scraped, "slipway_build_over_budget", group)).isEqualTo(1);
      assertThat(PromText.value(scraped, "slipway_build_budget_seconds", group)).isEqualTo(0.5);
      assertThat(
              PromText.value(
                  scraped,
                  "slipway_build_last_success_timestamp_seconds",
                  Map.of("job", "slipway")))
          .isEqualTo(1714979289);
      assertThat(
              PromText.value(
                  scraped,
                  "slipway_build_stage_seconds",
                  Map.of("stage", "layers", "detail", "worker \"odd\\name\nx")))
          .isEqualTo(0.1);
      assertThat(PromText.value(scraped, "slipway_build_blobs", Map.of("outcome", "uploaded")))
          .isEqualTo(3);
      assertThat(PromText.value(scraped, "slipway_build_blob_uploaded_bytes", group))
          .isEqualTo(5e9);
      assertThat(PromText.type(scraped, "slipway_build_cache_hits")).isEqualTo("gauge");
    }
  }

  @Test
  void aSecondPushReplacesTheGroupsMetrics() throws Exception {
    try (PushgatewayServer server = PushgatewayServer.start()) {
      Pushgateway gateway = Pushgateway.parse("--pushgateway", server.url());
      gateway.push(text(true), GROUP);
      gateway.push(Exposition.render(Summaries.overlapping(), Instant.EPOCH), GROUP);
      String scraped = server.metrics();
      assertThat(scraped).doesNotContain("slipway_build_over_budget");
      assertThat(PromText.value(scraped, "slipway_build_targets", Map.of("job", "slipway")))
          .isEqualTo(2);
    }
  }

  @Test
  void malformedExpositionIsRefusedWithTheGatewaysReason() throws Exception {
    try (PushgatewayServer server = PushgatewayServer.start()) {
      Pushgateway gateway = Pushgateway.parse("--pushgateway", server.url());
      assertThatThrownBy(() -> gateway.push("slipway_bad{stage=\"x} 1\n", GROUP))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("HTTP 400");
    }
  }

  @Test
  void credentialsInTheUrlAreSentAsBasicAuth() throws Exception {
    try (PushgatewayServer server = PushgatewayServer.start("ci", "s3cr3t")) {
      String withCreds = server.url().replace("http://", "http://ci:s3cr3t@");
      Pushgateway.parse("--pushgateway", withCreds).push(text(false), GROUP);
      assertThat(PromText.value(server.metrics(), "slipway_build_over_budget", GROUP)).isZero();

      Pushgateway anonymous = Pushgateway.parse("--pushgateway", server.url());
      assertThatThrownBy(() -> anonymous.push(text(false), GROUP))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("HTTP 401");
    }
  }
}
