package dev.slipway.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.slipway.core.RemoteTimeouts;
import dev.slipway.testing.FaultProxy;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A pushgateway that accepts and never answers costs SLIPWAY_HTTP_TIMEOUT, not half a minute. */
@Tag("integration")
class StalledPushgatewayIntegrationTest {
  private static final Duration BOUND = Duration.ofSeconds(20);

  @Test
  void aGatewayThatNeverAnswersFailsThePushInBoundedTimeNamingIt() throws Exception {
    try (FaultProxy silent = FaultProxy.silent()) {
      Pushgateway gateway =
          Pushgateway.parse("--pushgateway", "http://" + silent.host())
              .withTimeouts(RemoteTimeouts.fromEnvironment(Map.of(RemoteTimeouts.ENV, "1s")));
      long start = System.nanoTime();
      assertTimeoutPreemptively(
          BOUND.plusSeconds(60),
          () ->
              assertThatThrownBy(() -> gateway.push("up 1\n", Map.of("repository", "x")))
                  .isInstanceOf(IOException.class)
                  .hasMessageContaining(silent.host()));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
    }
  }
}
