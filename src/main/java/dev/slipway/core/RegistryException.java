package dev.slipway.core;

/** A registry or remote failure that survived its retries, or a rejected login. Exit code 4. */
public final class RegistryException extends SlipwayException {
  public RegistryException(String message) {
    super(message, null);
  }

  public RegistryException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return 4;
  }
}
