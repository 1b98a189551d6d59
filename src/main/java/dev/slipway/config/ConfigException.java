package dev.slipway.config;

import dev.slipway.core.UsageException;

/** A configuration file that cannot be used, naming the place: exit 2, as any bad input. */
public final class ConfigException {
  private ConfigException() {}

  /** {@code file:line:column: message}. */
  public static UsageException at(Where where, String message) {
    return new UsageException(where + ": " + message);
  }

  /** As {@link #at(Where, String)}, keeping the cause. */
  public static UsageException at(Where where, String message, Throwable cause) {
    return new UsageException(where + ": " + message, cause);
  }
}
