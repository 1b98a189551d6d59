package dev.slipway.core;

/** The build itself failed, for example a compile error. Exit code 1. */
public final class BuildFailedException extends SlipwayException {
  public BuildFailedException(String message) {
    super(message, null);
  }

  public BuildFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return 1;
  }
}
