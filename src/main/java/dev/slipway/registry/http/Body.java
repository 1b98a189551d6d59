package dev.slipway.registry.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body of known length that can be opened more than once, so a retry can send it again.
 */
public record Body(long length, String contentType, Opener opener) {
  /** Opens a fresh stream positioned at the start of the body. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  public Body {
    if (length < 0) {
      throw new IllegalArgumentException("body length must not be negative: " + length);
    }
  }

  public static Body ofBytes(byte[] bytes, String contentType) {
    return new Body(bytes.length, contentType, () -> new ByteArrayInputStream(bytes));
  }

  public static Body empty() {
    return ofBytes(new byte[0], null);
  }

  public InputStream open() throws IOException {
    return opener.open();
  }
}
