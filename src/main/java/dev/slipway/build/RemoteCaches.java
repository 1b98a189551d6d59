package dev.slipway.build;

import dev.slipway.cache.CacheTrust;
import dev.slipway.cache.RemoteStore;
import dev.slipway.cache.RemoteStores;
import dev.slipway.core.UsageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Which remote caches a command uses, from its flags or the environment, and opening them. */
public final class RemoteCaches {
  /** The environment variable that names remote caches when no {@code --cache} flag does. */
  public static final String ENV = "SLIPWAY_CACHE";

  /** The variable that may hold the cache trust key itself: a secret, never printed. */
  public static final String TRUST_KEY_ENV = CacheTrust.KEY_ENV;

  private RemoteCaches() {}

  /**
   * Separates URLs in SLIPWAY_CACHE: whitespace, or a comma before the next scheme. A comma between
   * {@code host:port}s stays inside one URL, where it lists Redis Cluster seeds.
   */
  private static final Pattern SEPARATOR =
      Pattern.compile("[\\s,]*\\s[\\s,]*|,+(?=[A-Za-z][A-Za-z0-9+.-]*://)");

  /** {@code --cache} flags, else the whitespace- or comma-separated SLIPWAY_CACHE. */
  public static List<String> urls(List<String> flags, Map<String, String> env) {
    if (!flags.isEmpty()) {
      return List.copyOf(flags);
    }
    String fromEnv = env.getOrDefault(ENV, "").strip();
    return fromEnv.isEmpty()
        ? List.of()
        : Arrays.stream(SEPARATOR.split(fromEnv))
            .map(url -> url.replaceAll("^,+|,+$", ""))
            .filter(url -> !url.isEmpty())
            .toList();
  }

  /**
   * Checks every URL as opening it would, without connecting, so a malformed one is refused before
   * any work whether or not this build would have reached the remote (a no-op build does not); and,
   * when there are remotes, the trust key's configuration ({@link #trust}).
   *
   * @param source what named the URLs, for the message: {@code --cache} or {@value #ENV}
   */
  public static void check(String source, List<String> urls, Map<String, String> env)
      throws UsageException {
    for (String url : urls) {
      RemoteStore store;
      try {
        store = RemoteStores.parse(url, env);
      } catch (IllegalArgumentException e) {
        throw new UsageException(source + ": " + e.getMessage(), e);
      }
      try {
        store.close();
      } catch (java.io.IOException e) {
        // Opening connects nothing, so there is nothing that could fail to close.
      }
    }
    if (!urls.isEmpty()) {
      trust(env);
    }
  }

  /**
   * Which remote records to believe, from {@value CacheTrust#KEY_ENV} or {@value
   * CacheTrust#KEY_FILE_ENV} and {@value CacheTrust#WRITER_ENV}; bad input names the variable,
   * never the key.
   */
  static CacheTrust trust(Map<String, String> env) throws UsageException {
    try {
      return CacheTrust.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  /** Opens each URL's backend; a malformed URL is bad input, named without its password. */
  static List<RemoteStore> open(List<String> urls, Map<String, String> env) throws UsageException {
    List<RemoteStore> remotes = new ArrayList<>();
    for (String url : urls) {
      try {
        remotes.add(RemoteStores.parse(url, env));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--cache: " + e.getMessage(), e);
      }
    }
    return remotes;
  }
}
