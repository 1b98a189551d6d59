package dev.slipway.registry.http;

import dev.slipway.core.DigestMismatchException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.MalformedURLException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * When and how long to wait before trying again: the statuses go-containerregistry retries,
 * exponential backoff with jitter, and the server's Retry-After when it gives one.
 */
public final class RetryPolicy {
  private static final Set<Integer> RETRYABLE_STATUS =
      Set.of(408, 429, 499, 500, 502, 503, 504, 522);

  /** Never wait longer than this for one retry, whatever Retry-After says. */
  private static final Duration MAX_DELAY = Duration.ofSeconds(60);

  /** How long to wait; tests and callers may replace the real sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final DoubleSupplier random;
  private final Sleeper sleeper;
  private final Clock clock;

  public RetryPolicy(
      int maxAttempts,
      Duration initialBackoff,
      DoubleSupplier random,
      Sleeper sleeper,
      Clock clock) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initialBackoff;
    this.random = random;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  public static RetryPolicy of(int maxAttempts, Duration initialBackoff) {
    return new RetryPolicy(
        maxAttempts,
        initialBackoff,
        Math::random,
        duration -> Thread.sleep(duration.toMillis()),
        Clock.systemUTC());
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public static boolean isRetryableStatus(int status) {
    return RETRYABLE_STATUS.contains(status);
  }

  /**
   * Connection resets, EOFs and timeouts are worth another try; bad names, TLS, and a body that
   * does not match its digest (sending it again sends the same damage) are not.
   */
  public static boolean isRetryable(IOException e) {
    return !(e instanceof AbortedException
        || e instanceof DigestMismatchException
        || e instanceof UnknownHostException
        || e instanceof MalformedURLException
        || e instanceof SSLHandshakeException
        || e instanceof SSLPeerUnverifiedException
        || (e instanceof InterruptedIOException
            && !(e instanceof java.net.SocketTimeoutException)));
  }

  /** The wait before attempt {@code attempt + 1}, after {@code attempt} failed (1-based). */
  public Duration delay(int attempt, Optional<String> retryAfter) {
    Optional<Duration> asked = retryAfter.flatMap(value -> parseRetryAfter(value, clock));
    if (asked.isPresent()) {
      return min(asked.get(), MAX_DELAY);
    }
    long base = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, MAX_DELAY.toMillis());
    // "Equal jitter": half fixed, half random, so clients that failed together spread out.
    return Duration.ofMillis(capped / 2 + (long) (random.getAsDouble() * (capped / 2.0)));
  }

  public void sleep(Duration duration) throws InterruptedIOException {
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry");
    }
  }

  /** Parses Retry-After: delay-seconds or an HTTP-date; empty when unusable. */
  public static Optional<Duration> parseRetryAfter(String value, Clock clock) {
    String trimmed = value == null ? "" : value.trim();
    if (trimmed.matches("\\d{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration until = Duration.between(clock.instant(), at.toInstant());
      return Optional.of(until.isNegative() ? Duration.ZERO : until);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
