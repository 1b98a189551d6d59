package dev.slipway.cache;

import java.io.IOException;

/**
 * A store found that a body does not match its digest. The tiered cache counts it as a corrupt
 * miss, not as a failure of the store.
 */
public final class CorruptBlobException extends IOException {
  public CorruptBlobException(String message) {
    super(message);
  }
}
