package dev.slipway.core;

/** Bad input or usage: a flag, a file, a reference. Exit code 2. */
public final class UsageException extends SlipwayException {
  public UsageException(String message) {
    super(message, null);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return 2;
  }
}
