package dev.slipway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteTimeoutsTest {
  @Test
  void theDefaultsFitAnInteractiveTool() throws Exception {
    RemoteTimeouts t = RemoteTimeouts.fromEnvironment(Map.of());
    assertThat(t.connect()).isEqualTo(Duration.ofSeconds(10));
    assertThat(t.read()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void theVariableSetsTheReadTimeoutAndCapsTheConnectTimeout() throws Exception {
    assertThat(RemoteTimeouts.fromEnvironment(Map.of(RemoteTimeouts.ENV, "1500ms")))
        .isEqualTo(new RemoteTimeouts(Duration.ofMillis(1500), Duration.ofMillis(1500)));
    assertThat(RemoteTimeouts.fromEnvironment(Map.of(RemoteTimeouts.ENV, "2m")))
        .isEqualTo(new RemoteTimeouts(Duration.ofSeconds(10), Duration.ofMinutes(2)));
    assertThat(RemoteTimeouts.fromEnvironment(Map.of(RemoteTimeouts.ENV, "45")).read())
        .isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void aMalformedOrZeroValueIsAUsageErrorNamingTheVariable() {
    for (String bad : new String[] {"soon", "0s", "-1s", "1h"}) {
      assertThatThrownBy(() -> RemoteTimeouts.fromEnvironment(Map.of(RemoteTimeouts.ENV, bad)))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining(RemoteTimeouts.ENV);
    }
  }
}
