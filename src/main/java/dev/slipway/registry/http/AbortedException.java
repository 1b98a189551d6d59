package dev.slipway.registry.http;

import java.io.IOException;

/**
 * An IOException that must not be retried, used to carry a non-I/O failure (such as a credential
 * helper error) out of an interceptor; the client unwraps {@link #getCause()}.
 */
public final class AbortedException extends IOException {
  public AbortedException(Exception cause) {
    super(cause.getMessage(), cause);
  }
}
