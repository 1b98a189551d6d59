package dev.slipway.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.UsageException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationFlagTest {
  @Test
  void theFormsOfTheBriefParse() throws Exception {
    assertThat(DurationFlag.parse("--budget", "28s")).isEqualTo(Duration.ofSeconds(28));
    assertThat(DurationFlag.parse("--budget", "1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationFlag.parse("--budget", "1500ms")).isEqualTo(Duration.ofMillis(1500));
    assertThat(DurationFlag.parse("--budget", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(DurationFlag.parse("--budget", "1h2m3s4ms")).isEqualTo(Duration.ofMillis(3_723_004));
    assertThat(DurationFlag.parse("--budget", "1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(DurationFlag.parse("--budget", "1ms")).isEqualTo(Duration.ofMillis(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "28", "s", "-1s", "1x", "1s 2ms", "1m-30s", "ms", "1.s", "1,5s"})
  void malformedDurationsAreUsageErrorsNamingTheFlag(String text) {
    assertThatThrownBy(() -> DurationFlag.parse("--budget", text))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--budget " + text)
        .hasMessageContaining("1m30s");
  }

  @Test
  void unitsOutOfOrderOrRepeatedAreRefused() {
    assertThatThrownBy(() -> DurationFlag.parse("--budget", "30s1m"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("largest to smallest");
    assertThatThrownBy(() -> DurationFlag.parse("--budget", "1s1s"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("largest to smallest");
  }

  @Test
  void aZeroOrSubMillisecondBudgetIsRefused() {
    assertThatThrownBy(() -> DurationFlag.parse("--budget", "0s"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("at least 1ms");
    assertThatThrownBy(() -> DurationFlag.parse("--budget", "0.5ms"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("at least 1ms");
  }
}
