package dev.slipway.modules;

import static dev.slipway.modules.ProxyResponses.relay;
import static dev.slipway.modules.ProxyResponses.send;
import static dev.slipway.modules.ProxyResponses.text;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Answers {@code /sumdb/<name>/...} by relaying to the first upstream proxy that serves that
 * checksum database; offline, no checksum database is served.
 */
final class SumdbRelay {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._~+!@/-]*");

  private final Upstream upstream;
  private final boolean offline;
  private final ConcurrentHashMap<String, Optional<String>> sumdbProxies =
      new ConcurrentHashMap<>();

  /** {@code upstream} may be null only when {@code offline}. */
  SumdbRelay(Upstream upstream, boolean offline) {
    this.upstream = upstream;
    this.offline = offline;
  }

  /** Serves {@code rest}, the request path after {@code /sumdb/}. */
  void serve(HttpExchange ex, String rest) throws IOException {
    if (!SAFE.matcher(rest).matches()) {
      // Checksum database names are host names; lookups and tiles use module path characters.
      text(ex, 400, "bad request: not a checksum database path: /sumdb/" + rest);
      return;
    }
    int slash = rest.indexOf('/');
    if (offline || slash <= 0 || rest.contains("..")) {
      text(ex, 404, "checksum database not served");
      return;
    }
    String name = rest.substring(0, slash);
    Optional<String> proxy = sumdbProxies.computeIfAbsent(name, upstream::sumdbProxy);
    if (proxy.isEmpty()) {
      text(ex, 404, "no upstream proxy serves checksum database " + name);
      return;
    }
    if (rest.substring(slash + 1).equals("supported")) {
      send(ex, 200, "text/plain", new byte[0]);
      return;
    }
    relay(ex, upstream.fetchFrom(proxy.get(), "sumdb/" + rest));
  }
}
