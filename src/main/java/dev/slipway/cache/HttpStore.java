package dev.slipway.cache;

import dev.slipway.core.Digest;
import dev.slipway.core.RemoteTimeouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The bazel-remote HTTP protocol: {@code GET/PUT <prefix>/ac/<key>} and {@code <prefix>/cas/<sha256
 * hex>}, 404 for a miss. bazel-remote (on disk, S3 or GCS) and nginx with WebDAV PUT both serve it.
 * Uses {@link HttpURLConnection}, which starts in milliseconds and keeps connections alive; bodies
 * are streamed.
 */
public final class HttpStore implements RemoteStore {
  private static final int MAX_RECORD_BYTES = 1 << 20;

  private final String base;
  private final String authorization;
  private final int connectMillis;
  private final int readMillis;

  /**
   * @param base {@code http(s)://host[:port]/prefix}, without credentials
   * @param authorization an {@code Authorization} header value, or null
   */
  public HttpStore(URI base, String authorization, Duration connectTimeout, Duration readTimeout) {
    if (base.getRawUserInfo() != null) {
      throw new IllegalArgumentException("pass credentials separately, not in the base URL");
    }
    String text = base.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.authorization = authorization;
    this.connectMillis = (int) connectTimeout.toMillis();
    this.readMillis = (int) readTimeout.toMillis();
  }

  static HttpStore open(URI uri, Map<String, String> env) {
    String[] userInfo = CacheUrls.userAndPassword(uri);
    String user = userInfo[0] != null ? userInfo[0] : env.get(RemoteStores.USER_ENV);
    String password = userInfo[1] != null ? userInfo[1] : env.get(RemoteStores.PASSWORD_ENV);
    String authorization = null;
    if (user != null || password != null) {
      if (uri.getScheme().equalsIgnoreCase("http") && !CacheUrls.isLoopback(uri.getHost())) {
        throw new IllegalArgumentException(
            "credentials are sent only over https:// (or plain http to loopback)");
      }
      String pair = (user == null ? "" : user) + ":" + (password == null ? "" : password);
      authorization =
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "an HTTP cache URL takes no query (but mode=) or fragment");
    }
    URI base =
        URI.create(
            uri.getScheme().toLowerCase(Locale.ROOT)
                + "://"
                + uri.getHost()
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath()));
    RemoteTimeouts timeouts = RemoteTimeouts.fromCheckedEnvironment(env);
    return new HttpStore(base, authorization, timeouts.connect(), timeouts.read());
  }

  @Override
  public String name() {
    return base;
  }

  @Override
  public Optional<byte[]> getAction(String key) throws IOException {
    HttpURLConnection c = open("GET", "ac/" + ActionKeys.check(key));
    try {
      int status = status(c);
      if (status == 404) {
        drain(c);
        return Optional.empty();
      }
      expect(c, status, 200);
      try (InputStream in = c.getInputStream()) {
        byte[] bytes = in.readNBytes(MAX_RECORD_BYTES + 1);
        if (bytes.length > MAX_RECORD_BYTES) {
          throw new IOException(name() + ": action record " + key + " is too large");
        }
        return Optional.of(bytes);
      }
    } catch (IOException e) {
      throw wrap(e);
    }
  }

  @Override
  public void putAction(String key, byte[] record) throws IOException {
    HttpURLConnection c = open("PUT", "ac/" + ActionKeys.check(key));
    try {
      c.setDoOutput(true);
      c.setFixedLengthStreamingMode(record.length);
      try (OutputStream out = c.getOutputStream()) {
        out.write(record);
      }
      expectSuccess(c);
    } catch (IOException e) {
      throw wrap(e);
    }
  }

  @Override
  public boolean getBlob(Digest digest, Path dest) throws IOException {
    HttpURLConnection c = open("GET", "cas/" + digest.hex());
    try {
      int status = status(c);
      if (status == 404) {
        drain(c);
        return false;
      }
      expect(c, status, 200);
      try (InputStream in = c.getInputStream()) {
        Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
      }
      return true;
    } catch (IOException e) {
      throw wrap(e);
    }
  }

  @Override
  public void putBlob(Digest digest, Path source, long size) throws IOException {
    HttpURLConnection c = open("PUT", "cas/" + digest.hex());
    try {
      c.setDoOutput(true);
      c.setFixedLengthStreamingMode(size);
      try (OutputStream out = c.getOutputStream()) {
        Files.copy(source, out);
      }
      expectSuccess(c);
    } catch (IOException e) {
      throw wrap(e);
    }
  }

  @Override
  public void close() {
    // HttpURLConnection's keep-alive cache needs no closing
  }

  private HttpURLConnection open(String method, String path) throws IOException {
    HttpURLConnection c =
        (HttpURLConnection) URI.create(base + "/" + path).toURL().openConnection();
    c.setRequestMethod(method);
    c.setConnectTimeout(connectMillis);
    c.setReadTimeout(readMillis);
    c.setUseCaches(false);
    c.setRequestProperty("User-Agent", "slipway");
    if (authorization != null) {
      c.setRequestProperty("Authorization", authorization);
    }
    return c;
  }

  private int status(HttpURLConnection c) throws IOException {
    return c.getResponseCode();
  }

  private void expectSuccess(HttpURLConnection c) throws IOException {
    int status = status(c);
    drain(c);
    if (status < 200 || status > 299) {
      throw new IOException(
          name()
              + ": "
              + c.getRequestMethod()
              + " "
              + c.getURL().getPath()
              + " answered "
              + status);
    }
  }

  private void expect(HttpURLConnection c, int status, int wanted) throws IOException {
    if (status != wanted) {
      drain(c);
      throw new IOException(
          name()
              + ": "
              + c.getRequestMethod()
              + " "
              + c.getURL().getPath()
              + " answered "
              + status);
    }
  }

  /** Reads what is left of a response so the connection can be reused. */
  private static void drain(HttpURLConnection c) {
    try (InputStream in = c.getErrorStream() != null ? c.getErrorStream() : c.getInputStream()) {
      if (in != null) {
        in.transferTo(OutputStream.nullOutputStream());
      }
    } catch (IOException e) {
      // nothing to reuse
    }
  }

  private IOException wrap(IOException e) {
    String message = e.getMessage();
    if (message != null && message.startsWith(name())) {
      return e;
    }
    return new IOException(
        name() + ": " + (message == null ? e.getClass().getSimpleName() : message), e);
  }
}
