package dev.slipway.cache;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/** Turns a {@code --cache} URL into its backend. */
public final class RemoteStores {
  /** Environment variables for a password that should not sit in a URL. */
  public static final String USER_ENV = "SLIPWAY_CACHE_USER";

  public static final String PASSWORD_ENV = "SLIPWAY_CACHE_PASSWORD";

  private RemoteStores() {}

  /**
   * The backend for {@code url}: {@code http(s)://host[:port]/prefix} (bazel-remote), {@code
   * redis://[user:password@]host:port[,host:port...][/db][?ttl=7d&cluster=auto|true|false]} (one
   * server or a Redis Cluster, several hosts are cluster seeds), {@code rediss://} (TLS) or {@code
   * oci://host[:port]/repo[?insecure=true]} (any OCI registry; plain HTTP for loopback or with
   * {@code insecure=true}; registry logins as for pushing). Credentials may also come from {@value
   * #USER_ENV} and {@value #PASSWORD_ENV} in {@code env}.
   *
   * @throws IllegalArgumentException for a malformed or unsupported URL; the message names the URL
   *     without its credentials
   */
  public static RemoteStore parse(String url, Map<String, String> env) {
    URI uri;
    try {
      uri = new URI(url == null ? "" : url.strip());
    } catch (URISyntaxException e) {
      throw bad(url, "it is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean redis = scheme.equals("redis") || scheme.equals("rediss");
    // A Redis URL may name several cluster seeds, which java.net.URI cannot see as one host.
    if (uri.getHost() == null && !scheme.isEmpty() && !redis) {
      throw bad(url, "it names no host");
    }
    if (uri.getPort() > 65535) {
      throw bad(url, "port " + uri.getPort() + " is not in 1-65535");
    }
    try {
      return switch (scheme) {
        case "http", "https" -> HttpStore.open(uri, env);
        case "redis", "rediss" -> RedisStore.open(uri, env);
        case "oci" -> OciStore.open(uri, env);
        default ->
            throw new IllegalArgumentException(
                "use http://, https://, redis://, rediss:// or oci://");
      };
    } catch (IllegalArgumentException e) {
      throw bad(url, e.getMessage());
    }
  }

  private static IllegalArgumentException bad(String url, String why) {
    return new IllegalArgumentException("invalid cache URL " + CacheUrls.redact(url) + ": " + why);
  }
}
