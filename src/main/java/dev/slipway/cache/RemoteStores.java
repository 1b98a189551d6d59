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
   * #USER_ENV} and {@value #PASSWORD_ENV} in {@code env}. Any of them takes {@code mode=ro} (read
   * the remote, never write to it: a pull-request job's view of a shared cache) or {@code mode=rw}
   * (the default).
   *
   * @throws IllegalArgumentException for a malformed or unsupported URL; the message names the URL
   *     without its credentials
   */
  public static RemoteStore parse(String url, Map<String, String> env) {
    CacheUrls.Taken mode = CacheUrls.take(url == null ? "" : url.strip(), "mode");
    boolean readOnly =
        switch (mode.value() == null ? "rw" : mode.value().toLowerCase(Locale.ROOT)) {
          case "rw" -> false;
          case "ro" -> true;
          default ->
              throw bad(url, "mode must be ro (read only) or rw, not '" + mode.value() + "'");
        };
    URI uri;
    try {
      uri = new URI(mode.url());
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
    RemoteStore store;
    try {
      store =
          switch (scheme) {
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
    return readOnly ? new ReadOnlyStore(store) : store;
  }

  private static IllegalArgumentException bad(String url, String why) {
    return new IllegalArgumentException("invalid cache URL " + CacheUrls.redact(url) + ": " + why);
  }
}
