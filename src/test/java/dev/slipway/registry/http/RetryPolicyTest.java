package dev.slipway.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.DigestMismatchException;
import java.io.EOFException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);

  private static RetryPolicy policy(double random) {
    return new RetryPolicy(3, Duration.ofMillis(100), () -> random, d -> {}, CLOCK);
  }

  @Test
  void retryAfterInSecondsIsParsed() {
    assertThat(RetryPolicy.parseRetryAfter(" 7 ", CLOCK)).contains(Duration.ofSeconds(7));
  }

  @Test
  void retryAfterAsHttpDateIsTheTimeUntilThen() {
    assertThat(RetryPolicy.parseRetryAfter("Wed, 01 May 2024 10:00:30 GMT", CLOCK))
        .contains(Duration.ofSeconds(30));
  }

  @Test
  void unusableRetryAfterIsIgnored() {
    assertThat(RetryPolicy.parseRetryAfter("soon", CLOCK)).isEmpty();
    assertThat(RetryPolicy.parseRetryAfter("-5", CLOCK)).isEmpty();
  }

  @Test
  void retryAfterWinsOverBackoffButIsCapped() {
    assertThat(policy(0.5).delay(1, Optional.of("2"))).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy(0.5).delay(1, Optional.of("86400"))).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void backoffDoublesWithJitterInTheUpperHalf() {
    assertThat(policy(0.0).delay(1, Optional.empty())).isEqualTo(Duration.ofMillis(50));
    assertThat(policy(1.0).delay(1, Optional.empty())).isEqualTo(Duration.ofMillis(100));
    assertThat(policy(1.0).delay(3, Optional.empty())).isEqualTo(Duration.ofMillis(400));
  }

  @Test
  void transientStatusesAndResetsAreRetryableButBadNamesAreNot() {
    assertThat(RetryPolicy.isRetryableStatus(503)).isTrue();
    assertThat(RetryPolicy.isRetryableStatus(429)).isTrue();
    assertThat(RetryPolicy.isRetryableStatus(404)).isFalse();
    assertThat(RetryPolicy.isRetryable(new SocketException("Connection reset"))).isTrue();
    assertThat(RetryPolicy.isRetryable(new EOFException())).isTrue();
    assertThat(RetryPolicy.isRetryable(new UnknownHostException("nope"))).isFalse();
  }

  @Test
  void aBodyThatDoesNotMatchItsDigestIsNotSentAgainAsItIs() {
    assertThat(RetryPolicy.isRetryable(new DigestMismatchException("layer X is damaged")))
        .isFalse();
  }
}
