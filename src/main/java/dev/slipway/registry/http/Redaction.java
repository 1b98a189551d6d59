package dev.slipway.registry.http;

import java.net.URI;

/**
 * Keeps secrets out of messages. Headers are never rendered; URLs lose user info and query (an
 * upload URL's query or a pre-signed storage URL can be as good as a password).
 */
public final class Redaction {
  private Redaction() {}

  public static String uri(URI uri) {
    StringBuilder out = new StringBuilder();
    if (uri.getScheme() != null) {
      out.append(uri.getScheme()).append("://");
    }
    if (uri.getHost() != null) {
      out.append(uri.getHost());
      if (uri.getPort() >= 0) {
        out.append(':').append(uri.getPort());
      }
    }
    out.append(uri.getRawPath() == null ? "" : uri.getRawPath());
    if (uri.getRawQuery() != null) {
      out.append("?…");
    }
    return out.toString();
  }

  /** Path only, for error messages that already name the host. */
  public static String path(URI uri) {
    return uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
  }
}
