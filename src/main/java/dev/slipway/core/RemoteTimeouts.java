package dev.slipway.core;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long any remote call may wait: for a connection, and for the next bytes of an answer (or for
 * the peer to take the next bytes of a request). The defaults fit an interactive tool: a registry
 * or cache that accepts a connection and then stops answering costs a build seconds, not the JDK's
 * minutes. {@value #ENV} sets the wait for answers (connects wait at most as long) for slow links,
 * and for tests.
 *
 * @param connect the longest wait for a TCP (and TLS) connection
 * @param read the longest silence while waiting for an answer or sending a request body
 */
public record RemoteTimeouts(Duration connect, Duration read) {
  /** The variable that overrides {@link #DEFAULT}'s read timeout: {@code 30s}, {@code 1500ms}. */
  public static final String ENV = "SLIPWAY_HTTP_TIMEOUT";

  public static final RemoteTimeouts DEFAULT =
      new RemoteTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30));

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)?");

  public RemoteTimeouts {
    if (connect.isZero() || connect.isNegative() || read.isZero() || read.isNegative()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  /**
   * {@link #DEFAULT}, or {@value #ENV}'s value as the read timeout with the connect timeout no
   * longer.
   *
   * @throws UsageException if the variable is set but not a positive duration
   */
  public static RemoteTimeouts fromEnvironment(Map<String, String> env) throws UsageException {
    String text = env.get(ENV);
    if (text == null || text.isBlank()) {
      return DEFAULT;
    }
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches()) {
      throw new UsageException(
          ENV + "=" + text + ": expected a duration such as 30s, 1500ms or 2m");
    }
    long n = Long.parseLong(m.group(1));
    Duration read =
        switch (m.group(2) == null ? "s" : m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofSeconds(n);
        };
    if (read.isZero()) {
      throw new UsageException(ENV + "=" + text + ": must be more than zero");
    }
    return new RemoteTimeouts(read.compareTo(DEFAULT.connect) < 0 ? read : DEFAULT.connect, read);
  }

  /** {@link #fromEnvironment} for callers that checked the variable before (the CLI does). */
  public static RemoteTimeouts fromCheckedEnvironment(Map<String, String> env) {
    try {
      return fromEnvironment(env);
    } catch (UsageException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  public int connectMillis() {
    return (int) Math.min(Integer.MAX_VALUE, connect.toMillis());
  }

  public int readMillis() {
    return (int) Math.min(Integer.MAX_VALUE, read.toMillis());
  }
}
