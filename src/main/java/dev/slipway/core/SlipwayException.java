package dev.slipway.core;

/**
 * The root of Slipway's checked errors. Each kind carries the process exit code the CLI maps it to,
 * and a message that says what went wrong, where, and what to do next.
 */
public abstract class SlipwayException extends Exception {
  protected SlipwayException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The exit code of the {@code slipway} process for this failure. */
  public abstract int exitCode();
}
