package dev.slipway.core;

import java.io.IOException;

/**
 * Content did not match the digest or size it was stored or sent under: damaged on disk, or
 * replaced under its name. Whoever knows where the content came from can make it again; retrying
 * the same read cannot help.
 */
public final class DigestMismatchException extends IOException {
  public DigestMismatchException(String message) {
    super(message);
  }
}
