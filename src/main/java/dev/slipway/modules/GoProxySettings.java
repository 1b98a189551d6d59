package dev.slipway.modules;

import dev.slipway.core.UsageException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The user's module download settings, as {@code go env -json GOPROXY GONOPROXY GOPRIVATE GONOSUMDB
 * GOSUMDB GOFLAGS GOINSECURE} prints them.
 *
 * <p>How the loopback proxy chains in front of them: the go subprocess gets {@code
 * GOPROXY=http://127.0.0.1:P} followed by {@code ,direct} when the user's list reaches {@code
 * direct}, or {@code ,off} when it reaches {@code off} (see {@link #goProxyFor}). The loopback
 * proxy walks the user's list itself with the go command's rules, so upstream is asked once. When
 * the walk would hand over to {@code direct} (or stop at {@code off}, or find nothing) it answers
 * 404, which the go command, seeing {@code ,} after the loopback entry, passes to that same {@code
 * direct} or {@code off}. Any other failure answers 5xx/403, which stops the go command as the
 * user's list would have. GONOPROXY/GOPRIVATE modules never reach the loopback proxy: the go
 * command sends them direct itself, because the subprocess keeps those variables (and the proxy
 * answers 404 for them anyway).
 */
public record GoProxySettings(
    List<Entry> proxies,
    PrefixPatterns noProxy,
    PrefixPatterns noSumDb,
    String sumDb,
    String goFlags,
    PrefixPatterns insecure) {
  public GoProxySettings {
    proxies = List.copyOf(proxies);
  }

  /**
   * One GOPROXY entry.
   *
   * @param url a proxy base URL, or {@code direct} or {@code off}
   * @param fallBackOnError true when {@code |} follows it: fall through on any error, not only on
   *     404/410
   */
  public record Entry(String url, boolean fallBackOnError) {
    public boolean isDirect() {
      return url.equals("direct");
    }

    public boolean isOff() {
      return url.equals("off");
    }
  }

  /** Settings from {@code go env -json} output (missing keys count as empty). */
  public static GoProxySettings fromGoEnv(Map<String, String> env) throws UsageException {
    String goproxy = env.getOrDefault("GOPROXY", "");
    String goprivate = env.getOrDefault("GOPRIVATE", "");
    String gonoproxy = env.getOrDefault("GONOPROXY", "");
    String gonosumdb = env.getOrDefault("GONOSUMDB", "");
    PrefixPatterns noProxy =
        gonoproxy.equals("none")
            ? PrefixPatterns.parse("")
            : PrefixPatterns.parse(gonoproxy.isEmpty() ? goprivate : gonoproxy);
    PrefixPatterns noSumDb =
        gonosumdb.equals("none")
            ? PrefixPatterns.parse("")
            : PrefixPatterns.parse(gonosumdb.isEmpty() ? goprivate : gonosumdb);
    return new GoProxySettings(
        // Callers pass what `go env` printed, which always resolves go's own default; an empty
        // value means no proxy was given at all, so Slipway fetches nothing and go goes direct.
        parseProxyList(goproxy.isEmpty() ? "direct" : goproxy),
        noProxy,
        noSumDb,
        env.getOrDefault("GOSUMDB", ""),
        env.getOrDefault("GOFLAGS", ""),
        PrefixPatterns.parse(env.getOrDefault("GOINSECURE", "")));
  }

  /** Parses a GOPROXY list as cmd/go/internal/modfetch proxyList does. */
  public static List<Entry> parseProxyList(String goproxy) throws UsageException {
    List<Entry> out = new ArrayList<>();
    String rest = goproxy;
    while (!rest.isEmpty()) {
      int i = indexOfSeparator(rest);
      String url = (i >= 0 ? rest.substring(0, i) : rest).trim();
      boolean fallBackOnError = i >= 0 && rest.charAt(i) == '|';
      rest = i >= 0 ? rest.substring(i + 1) : "";
      if (url.isEmpty()) {
        continue;
      }
      if (url.equals("off") || url.equals("direct")) {
        out.add(new Entry(url, false));
        break; // both end the list; later entries are ignored, as by the go command
      }
      if (url.matches(".*[.:/].*") && !url.contains(":/") && !url.startsWith("/")) {
        url = "https://" + url;
      }
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new UsageException("GOPROXY: invalid proxy URL \"" + url + "\": " + e.getMessage());
      }
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equals("https") || scheme.equals("http") || scheme.equals("file"))) {
        throw new UsageException(
            "GOPROXY: invalid proxy URL \""
                + url
                + "\": expected https://, http:// or file://, direct or off");
      }
      out.add(
          new Entry(url.endsWith("/") ? url.substring(0, url.length() - 1) : url, fallBackOnError));
    }
    if (out.isEmpty()) {
      throw new UsageException("GOPROXY list is not the empty string, but contains no entries");
    }
    return out;
  }

  private static int indexOfSeparator(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ',' || s.charAt(i) == '|') {
        return i;
      }
    }
    return -1;
  }

  /** Whether go fetches this module without any proxy (GONOPROXY, defaulting to GOPRIVATE). */
  public boolean bypassesProxy(String modulePath) {
    return noProxy.matches(modulePath);
  }

  /**
   * The GOPROXY value for the go subprocess: the loopback proxy first, then whatever ends the
   * user's list ({@code direct} or {@code off}), so the proxy's 404 hands over exactly as the
   * user's own list would. With {@code offline}, always {@code ,off}.
   */
  public String goProxyFor(URI loopback, boolean offline) {
    return goProxyFor(loopback, offline, false);
  }

  /**
   * {@link #goProxyFor(URI, boolean)}, for a go command that also asks the loopback proxy for
   * GONOPROXY/GOPRIVATE modules (it runs with {@code GONOPROXY=none}): a private module the store
   * and the remotes lack must still reach {@code direct}, as it would have without the loopback, so
   * the list ends in {@code direct} unless the user's ends in {@code off}.
   */
  public String goProxyFor(URI loopback, boolean offline, boolean privateModules) {
    String base = loopback.toString();
    if (offline) {
      return base + ",off";
    }
    Entry last = proxies.get(proxies.size() - 1);
    if (privateModules && !last.isOff()) {
      return base + ",direct";
    }
    if (last.isDirect() || last.isOff()) {
      return base + "," + last.url();
    }
    return base;
  }
}
