package dev.slipway.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Debian's nginx as a bazel-remote style HTTP cache: WebDAV PUT on every path, files under a
 * throwaway root, on a free loopback port. Everything nginx writes (root, temp files, logs, pid)
 * lives in one temp directory.
 *
 * <pre>{@code
 * try (NginxCacheServer nginx = NginxCacheServer.start()) {
 *   RemoteStore store = RemoteStores.parse(nginx.url("/cache"), Map.of());
 *   ...
 *   nginx.put("/cache/cas/" + hex, garbage); // corrupt an entry through the server
 * }
 * }</pre>
 */
public final class NginxCacheServer implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/sbin/nginx");
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final Path dir;
  private final int port;

  private NginxCacheServer(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  public static NginxCacheServer start() {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          BINARY + " is missing: integration tests need Debian's nginx (scripts/install-deps)");
    }
    try {
      Path dir = Files.createTempDirectory("slipway-nginx-");
      Files.createDirectories(dir.resolve("root"));
      int port = Servers.freePort();
      boolean root = "root".equals(System.getProperty("user.name"));
      Path config = dir.resolve("nginx.conf");
      Files.writeString(
          config,
          "daemon off;\nmaster_process on;\nworker_processes 1;\n"
              + (root ? "user root;\n" : "")
              + "error_log "
              + dir.resolve("error.log")
              + " info;\npid "
              + dir.resolve("nginx.pid")
              + ";\nevents { worker_connections 256; }\nhttp {\n"
              + "  default_type application/octet-stream;\n"
              + "  access_log "
              + dir.resolve("access.log")
              + ";\n"
              + temp(dir, "client_body_temp_path", "body")
              + temp(dir, "proxy_temp_path", "proxy")
              + temp(dir, "fastcgi_temp_path", "fastcgi")
              + temp(dir, "uwsgi_temp_path", "uwsgi")
              + temp(dir, "scgi_temp_path", "scgi")
              + "  server {\n    listen 127.0.0.1:"
              + port
              + ";\n    root "
              + dir.resolve("root")
              + ";\n    location / {\n      dav_methods PUT DELETE;\n"
              + "      create_full_put_path on;\n      client_max_body_size 0;\n    }\n  }\n}\n");
      Process process =
          new ProcessBuilder(
                  BINARY.toString(),
                  "-p",
                  dir.toString(),
                  "-c",
                  config.toString(),
                  "-e",
                  dir.resolve("error.log").toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("stdout.log").toFile())
              .start();
      NginxCacheServer server = new NginxCacheServer(process, dir, port);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start nginx", e);
    }
  }

  /** {@code http://127.0.0.1:PORT} followed by {@code path}. */
  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** Where nginx keeps what clients PUT: {@code root/<path>}. */
  public Path root() {
    return dir.resolve("root");
  }

  public int port() {
    return port;
  }

  /** Stores {@code body} at {@code path} through the server, as any client could. */
  public int put(String path, byte[] body) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url(path)).toURL().openConnection();
      c.setRequestMethod("PUT");
      c.setDoOutput(true);
      c.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
      int status = c.getResponseCode();
      c.disconnect();
      return status;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file nginx holds for {@code path}, read from its root (null if absent). */
  public byte[] stored(String path) {
    try {
      Path file = dir.resolve("root").resolve(path.replaceFirst("^/+", ""));
      return Files.exists(file) ? Files.readAllBytes(file) : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    Servers.stop(process, dir);
  }

  private static String temp(Path dir, String directive, String name) {
    return "  " + directive + " " + dir.resolve(name) + ";\n";
  }

  private void awaitReady() throws IOException {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (status("/") < 0) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        String log =
            Files.exists(dir.resolve("error.log"))
                ? Files.readString(dir.resolve("error.log"), StandardCharsets.UTF_8)
                : "";
        throw new IllegalStateException("nginx did not start on port " + port + ":\n" + log);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private int status(String path) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url(path)).toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(5000);
      int status = c.getResponseCode();
      c.disconnect();
      return status;
    } catch (IOException e) {
      return -1;
    }
  }
}
