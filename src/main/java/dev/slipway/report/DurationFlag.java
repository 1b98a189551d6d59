package dev.slipway.report;

import dev.slipway.core.UsageException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as flags take them, a subset of Go's {@code time.ParseDuration}: one or more numbers
 * with units {@code h}, {@code m}, {@code s} or {@code ms}, largest unit first, each at most once
 * ({@code 28s}, {@code 1m30s}, {@code 1500ms}, {@code 2m}, {@code 1.5s}). Milliseconds are the
 * finest step: a build's stages are timed to the millisecond.
 */
public final class DurationFlag {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");
  private static final List<String> UNITS = List.of("h", "m", "s", "ms");
  private static final List<Long> UNIT_MS = List.of(3_600_000L, 60_000L, 1_000L, 1L);

  private DurationFlag() {}

  /**
   * Parses {@code text}; errors name {@code flag}.
   *
   * @throws UsageException for anything else, and for a duration under one millisecond
   */
  public static Duration parse(String flag, String text) throws UsageException {
    String t = text.strip();
    Matcher m = PART.matcher(t);
    int at = 0;
    int lastUnit = -1;
    BigDecimal millis = BigDecimal.ZERO;
    while (at < t.length()) {
      if (!m.find(at) || m.start() != at) {
        throw bad(flag, text);
      }
      int unit = UNITS.indexOf(m.group(2));
      if (unit <= lastUnit) {
        throw new UsageException(
            flag + " " + text + ": units must go from largest to smallest, each once (1m30s)");
      }
      lastUnit = unit;
      millis =
          millis.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(UNIT_MS.get(unit))));
      at = m.end();
    }
    if (at == 0) {
      throw bad(flag, text);
    }
    if (millis.compareTo(BigDecimal.ONE) < 0) {
      throw new UsageException(flag + " " + text + ": must be at least 1ms");
    }
    try {
      return Duration.ofMillis(millis.setScale(0, RoundingMode.DOWN).longValueExact());
    } catch (ArithmeticException e) {
      throw new UsageException(flag + " " + text + ": too long", e);
    }
  }

  private static UsageException bad(String flag, String text) {
    return new UsageException(
        flag + " " + text + ": expected a duration such as 28s, 1m30s, 1500ms or 2m");
  }
}
