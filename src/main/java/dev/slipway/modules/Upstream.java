package dev.slipway.modules;

import dev.slipway.core.ModuleVersion;
import dev.slipway.core.Progress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The user's GOPROXY list, walked with the go command's rules: after an entry followed by {@code ,}
 * only 404/410 moves on; after {@code |} any error does (timeouts and 5xx included). {@code direct}
 * and {@code off} end the walk and are reported as such: Slipway does not fetch from VCS, the go
 * command does (see {@link GoProxySettings}).
 *
 * <p>Uses {@link HttpURLConnection}: no client to build, so a build that misses nothing pays
 * nothing, and a miss costs one connection. Zips stream to a file, never whole into memory.
 */
public final class Upstream {
  private static final int MAX_SMALL_BODY = 16 << 20;
  private final List<GoProxySettings.Entry> proxies;
  private final Duration timeout;
  private final Progress progress;
  private final PrefixPatterns privatePaths;

  /** What the walk ended with. */
  public enum Status {
    FOUND,
    NOT_FOUND,
    DIRECT,
    OFF,
    FAILED
  }

  /**
   * The end of a walk. For {@link Status#FOUND}, {@code body} holds a small body (null when it was
   * streamed to the caller's file) and {@code source} the proxy that served it; otherwise {@code
   * message} says why, without credentials.
   */
  public record Response(Status status, byte[] body, String source, String message) {
    public boolean found() {
      return status == Status.FOUND;
    }
  }

  public Upstream(List<GoProxySettings.Entry> proxies, Duration timeout) {
    this(proxies, timeout, Progress.NONE);
  }

  /** An upstream that reports the bytes of each body it streams to a file to {@code progress}. */
  public Upstream(List<GoProxySettings.Entry> proxies, Duration timeout, Progress progress) {
    this(proxies, timeout, progress, PrefixPatterns.parse(""));
  }

  private Upstream(
      List<GoProxySettings.Entry> proxies,
      Duration timeout,
      Progress progress,
      PrefixPatterns privatePaths) {
    this.proxies = List.copyOf(proxies);
    this.timeout = timeout;
    this.progress = progress;
    this.privatePaths = privatePaths;
  }

  /**
   * This upstream, never asked about module paths matching {@code privatePaths}
   * (GONOPROXY/GOPRIVATE): their names stay off every proxy, as the go command keeps them.
   */
  public Upstream withPrivate(PrefixPatterns privatePaths) {
    return new Upstream(proxies, timeout, progress, privatePaths);
  }

  private Optional<Response> kept(String modulePath) {
    if (!privatePaths.matches(modulePath)) {
      return Optional.empty();
    }
    return Optional.of(
        new Response(
            Status.NOT_FOUND,
            null,
            "",
            modulePath + " matches GONOPROXY/GOPRIVATE: it is never asked of a proxy"));
  }

  public Response list(String modulePath) {
    return kept(modulePath)
        .orElseGet(() -> get(ModuleVersion.escape(modulePath) + "/@v/list", null));
  }

  public Response latest(String modulePath) {
    return kept(modulePath)
        .orElseGet(() -> get(ModuleVersion.escape(modulePath) + "/@latest", null));
  }

  public Response info(ModuleVersion mv) {
    return kept(mv.path()).orElseGet(() -> get(base(mv) + ".info", null));
  }

  public Response mod(ModuleVersion mv) {
    return kept(mv.path()).orElseGet(() -> get(base(mv) + ".mod", null));
  }

  /** Streams the zip into {@code dest} (created or truncated). */
  public Response zip(ModuleVersion mv, Path dest) {
    return kept(mv.path()).orElseGet(() -> get(base(mv) + ".zip", dest));
  }

  private static String base(ModuleVersion mv) {
    return mv.escapedPath() + "/@v/" + mv.escapedVersion();
  }

  /**
   * The first HTTP proxy in the list that serves the checksum database {@code name}, asked as the
   * go command asks ({@code <proxy>/sumdb/<name>/supported}); empty when the walk reaches {@code
   * direct}, {@code off} or the end.
   */
  public Optional<String> sumdbProxy(String name) {
    for (GoProxySettings.Entry e : proxies) {
      if (e.isDirect() || e.isOff()) {
        break;
      }
      Response r = fetch(e.url(), "sumdb/" + name + "/supported", null);
      if (r.found()) {
        return Optional.of(e.url());
      }
      if (r.status() == Status.FAILED && !e.fallBackOnError()) {
        break;
      }
    }
    return Optional.empty();
  }

  /** One GET against one proxy base, for relaying sumdb requests. */
  public Response fetchFrom(String proxyBase, String relativePath) {
    return fetch(proxyBase, relativePath, null);
  }

  /** Walks the list for {@code relativePath} (already case-encoded). */
  public Response get(String relativePath, Path dest) {
    Response best = null;
    for (GoProxySettings.Entry e : proxies) {
      if (e.isDirect()) {
        return new Response(Status.DIRECT, null, "direct", "the GOPROXY list hands over to direct");
      }
      if (e.isOff()) {
        return new Response(Status.OFF, null, "off", "module lookup disabled by GOPROXY=off");
      }
      Response r = fetch(e.url(), relativePath, dest);
      if (r.found()) {
        return r;
      }
      // The go command reports a not-found over other errors when both happened.
      if (best == null || r.status() == Status.NOT_FOUND) {
        best = r;
      }
      if (r.status() == Status.FAILED && !e.fallBackOnError()) {
        // The walk stops here (a 5xx, not a 404, so nothing later is tried), but the go command
        // reports its best error, which may be an earlier not-found.
        return new Response(Status.FAILED, null, r.source(), best.message());
      }
    }
    return best;
  }

  private Response fetch(String proxyBase, String relativePath, Path dest) {
    URI uri = URI.create(proxyBase + "/" + relativePath);
    String shown = redact(uri);
    try {
      if ("file".equals(uri.getScheme())) {
        return fetchFile(Path.of(uri), shown, dest, relativePath);
      }
      HttpURLConnection c = (HttpURLConnection) new URL(uri.toASCIIString()).openConnection();
      c.setConnectTimeout((int) Math.min(timeout.toMillis(), 10_000));
      c.setReadTimeout((int) timeout.toMillis());
      c.setRequestProperty("User-Agent", "slipway");
      if (uri.getRawUserInfo() != null) {
        c.setRequestProperty(
            "Authorization",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        URI.create("x://" + uri.getRawAuthority())
                            .getUserInfo()
                            .getBytes(StandardCharsets.UTF_8)));
      }
      try {
        int code = c.getResponseCode();
        if (code == 200) {
          try (InputStream in = c.getInputStream()) {
            return found(in, shown, dest, relativePath, c.getContentLengthLong());
          }
        }
        if (code == 404 || code == 410) {
          return new Response(Status.NOT_FOUND, null, shown, shown + ": " + code + " not found");
        }
        return new Response(
            Status.FAILED, null, shown, shown + ": " + code + errorBody(c.getErrorStream()));
      } finally {
        c.disconnect();
      }
    } catch (IOException | IllegalArgumentException e) {
      return new Response(Status.FAILED, null, shown, shown + ": " + e);
    }
  }

  private Response fetchFile(Path file, String shown, Path dest, String relativePath)
      throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return found(in, shown, dest, relativePath, Files.size(file));
    } catch (NoSuchFileException e) {
      return new Response(Status.NOT_FOUND, null, shown, shown + ": not found");
    }
  }

  private Response found(InputStream in, String shown, Path dest, String relativePath, long size)
      throws IOException {
    if (dest != null) {
      try (OutputStream out = Files.newOutputStream(dest);
          Progress.Task task =
              progress.task(Progress.Kind.DOWNLOAD, shownName(relativePath), size)) {
        task.copy(in, out);
      }
      return new Response(Status.FOUND, null, shown, null);
    }
    byte[] body = in.readNBytes(MAX_SMALL_BODY + 1);
    if (body.length > MAX_SMALL_BODY) {
      return new Response(Status.FAILED, null, shown, shown + ": response over 16 MiB");
    }
    return new Response(Status.FOUND, body, shown, null);
  }

  private static String errorBody(InputStream err) throws IOException {
    if (err == null) {
      return "";
    }
    try (err) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(err.readNBytes(1024));
      String text = out.toString(StandardCharsets.UTF_8).trim();
      return text.isEmpty() ? "" : "\n\tserver response: " + text;
    }
  }

  /** {@code path@version.zip} for people, from the case-encoded {@code path/@v/version.zip}. */
  private static String shownName(String relativePath) {
    int v = relativePath.lastIndexOf("/@v/");
    if (v < 0) {
      return relativePath;
    }
    return ModuleVersion.unescape(relativePath.substring(0, v))
        + "@"
        + ModuleVersion.unescape(relativePath.substring(v + 4));
  }

  /** The URL without user info, for messages. */
  static String redact(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    return uri.toString().replace(uri.getRawUserInfo() + "@", "");
  }
}
