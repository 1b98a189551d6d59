package dev.slipway.registry.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Resolving Location headers and adding query parameters to URLs the server gave us. */
public final class Locations {
  private Locations() {}

  /**
   * Resolves a Location header against the request URL: it may be absolute (even on another host)
   * or relative, and its query (e.g. distribution's {@code _state}) is kept unchanged.
   */
  public static URI resolve(URI base, String location) {
    URI target = URI.create(location.trim());
    return target.isAbsolute() ? target : base.resolve(target);
  }

  /** Appends {@code name=value} (value URL-encoded) with {@code ?} or {@code &} as needed. */
  public static URI withQueryParam(URI uri, String name, String value) {
    String text = uri.toString();
    String fragment = "";
    int hash = text.indexOf('#');
    if (hash >= 0) {
      fragment = text.substring(hash);
      text = text.substring(0, hash);
    }
    String separator;
    if (uri.getRawQuery() == null) {
      separator = text.endsWith("?") ? "" : "?";
    } else {
      separator = text.endsWith("&") || text.endsWith("?") ? "" : "&";
    }
    return URI.create(
        text
            + separator
            + URLEncoder.encode(name, StandardCharsets.UTF_8)
            + "="
            + URLEncoder.encode(value, StandardCharsets.UTF_8)
            + fragment);
  }
}
