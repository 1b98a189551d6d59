package dev.slipway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.slipway.testing.FaultProxy;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each remote cache backend gives up on a server that accepts the connection and never answers
 * within SLIPWAY_HTTP_TIMEOUT (plus its retries), naming the server: the failure TieredCache turns
 * into one warning and a local-only build. The bound is generous: it catches the minute-long waits
 * of before, not a slow machine.
 */
@Tag("integration")
class StalledRemoteStoreIntegrationTest {
  private static final Duration BOUND = Duration.ofSeconds(20);

  @ParameterizedTest
  @ValueSource(strings = {"http://%s/slipway", "redis://%s", "oci://%s/team/cache"})
  void aServerThatNeverAnswersFailsTheLookupInBoundedTimeNamingIt(String form) {
    try (FaultProxy silent = FaultProxy.silent()) {
      String url = String.format(form, silent.host());
      Map<String, String> env = Map.of("SLIPWAY_HTTP_TIMEOUT", "1s");
      long start = System.nanoTime();
      assertTimeoutPreemptively(
          BOUND.plusSeconds(60),
          () -> {
            try (RemoteStore store = RemoteStores.parse(url, env)) {
              assertThatThrownBy(() -> store.getAction("a".repeat(64)))
                  .isInstanceOf(IOException.class)
                  .hasMessageContaining(silent.host());
            }
          });
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
    }
  }
}
