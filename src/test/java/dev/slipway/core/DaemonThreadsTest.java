package dev.slipway.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
  @Test
  void threadsAreDaemonsNumberedUnderTheirPrefix() {
    ThreadFactory factory = DaemonThreads.named("slipway-test");
    Thread first = factory.newThread(() -> {});
    Thread second = factory.newThread(() -> {});

    assertThat(first.isDaemon()).isTrue();
    assertThat(second.isDaemon()).isTrue();
    assertThat(first.getName()).isEqualTo("slipway-test-1");
    assertThat(second.getName()).isEqualTo("slipway-test-2");
  }
}
