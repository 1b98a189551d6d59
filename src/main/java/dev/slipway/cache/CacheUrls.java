package dev.slipway.cache;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small helpers for cache URLs: redaction, credentials, query parameters, durations. */
final class CacheUrls {
  private static final Pattern USERINFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@");
  private static final Pattern DURATION = Pattern.compile("(\\d+)([smhd]?)");

  private CacheUrls() {}

  /** The URL text with any {@code user:password@} removed, safe to print even if malformed. */
  static String redact(String url) {
    if (url == null) {
      return "null";
    }
    Matcher m = USERINFO.matcher(url);
    return m.find() ? m.replaceFirst("$1") : url;
  }

  /** The decoded user and password of {@code user:password@}; either may be null. */
  static String[] userAndPassword(URI uri) {
    return userAndPassword(uri.getRawUserInfo());
  }

  /** The decoded user and password of a raw {@code user:password}; either may be null. */
  static String[] userAndPassword(String raw) {
    if (raw == null || raw.isEmpty()) {
      return new String[] {null, null};
    }
    int colon = raw.indexOf(':');
    String user = colon < 0 ? raw : raw.substring(0, colon);
    String password = colon < 0 ? null : raw.substring(colon + 1);
    return new String[] {
      user.isEmpty() ? null : decode(user), password == null ? null : decode(password)
    };
  }

  /** A URL's text with one query parameter taken out, and that parameter's last value. */
  record Taken(String url, String value) {}

  /**
   * {@code url} without its {@code name=...} query parameters (the {@code ?} too when nothing else
   * is left), and the last value given, null if none: for parameters Slipway reads itself before a
   * backend, which refuses parameters it does not know, sees the URL.
   */
  static Taken take(String url, String name) {
    int question = url.indexOf('?');
    if (question < 0) {
      return new Taken(url, null);
    }
    int hash = url.indexOf('#', question);
    String query = hash < 0 ? url.substring(question + 1) : url.substring(question + 1, hash);
    String fragment = hash < 0 ? "" : url.substring(hash);
    StringBuilder kept = new StringBuilder();
    String value = null;
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (decode(eq < 0 ? pair : pair.substring(0, eq)).equals(name)) {
        value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      } else if (!pair.isEmpty()) {
        kept.append(kept.length() == 0 ? "" : "&").append(pair);
      }
    }
    String base = url.substring(0, question);
    return new Taken(base + (kept.length() == 0 ? "" : "?" + kept) + fragment, value);
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> params = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      params.put(
          decode(eq < 0 ? pair : pair.substring(0, eq)),
          eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return params;
  }

  /** {@code 90}, {@code 90s}, {@code 15m}, {@code 12h} or {@code 7d}. */
  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid duration (for example 7d, 12h, 90s): " + text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofSeconds(n);
    };
  }

  static boolean isLoopback(String host) {
    return host.equals("localhost")
        || host.startsWith("127.")
        || host.equals("[::1]")
        || host.equals("::1");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
