package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A throwaway Debian {@code prometheus-pushgateway} on a free loopback port, persisting to a temp
 * file, optionally with basic auth (a {@code --web.config.file} holding a bcrypt hash). Not the
 * system service.
 *
 * <pre>{@code
 * try (PushgatewayServer gateway = PushgatewayServer.start()) {
 *   ... slipway build --pushgateway gateway.url() ...
 *   String text = gateway.metrics(); // what Prometheus would scrape
 * }
 * }</pre>
 */
public final class PushgatewayServer implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/prometheus-pushgateway");
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final Path dir;
  private final int port;
  private final String authorization;

  private PushgatewayServer(Process process, Path dir, int port, String authorization) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.authorization = authorization;
  }

  public static PushgatewayServer start() {
    return start(null, null);
  }

  /** A gateway that requires basic auth as {@code user}/{@code password} (null for none). */
  public static PushgatewayServer start(String user, String password) {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          BINARY
              + " is missing: integration tests need Debian's prometheus-pushgateway"
              + " (scripts/install-deps)");
    }
    try {
      Path dir = Files.createTempDirectory("slipway-pushgateway-");
      int port = Servers.freePort();
      List<String> command =
          new ArrayList<>(
              List.of(
                  BINARY.toString(),
                  "--web.listen-address=127.0.0.1:" + port,
                  "--persistence.file=" + dir.resolve("metrics.store")));
      String authorization = null;
      if (user != null) {
        String line = RegistryServer.htpasswd(user, password).strip();
        Path web = dir.resolve("web.yml");
        Files.writeString(
            web,
            "basic_auth_users:\n  " + user + ": '" + line.substring(line.indexOf(':') + 1) + "'\n");
        command.add("--web.config.file=" + web);
        authorization =
            "Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      }
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("pushgateway.log").toFile())
              .start();
      PushgatewayServer server = new PushgatewayServer(process, dir, port, authorization);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start prometheus-pushgateway", e);
    }
  }

  /** {@code http://127.0.0.1:PORT}, without credentials. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Everything the gateway exposes to Prometheus: {@code GET /metrics}. */
  public String metrics() {
    try {
      HttpURLConnection c = open("/metrics");
      int status = c.getResponseCode();
      if (status != 200) {
        throw new IllegalStateException("GET /metrics: HTTP " + status);
      }
      String body = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      c.disconnect();
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    Servers.stop(process, dir);
  }

  private HttpURLConnection open(String path) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url() + path).toURL().openConnection();
    c.setConnectTimeout(1000);
    c.setReadTimeout(5000);
    if (authorization != null) {
      c.setRequestProperty("Authorization", authorization);
    }
    return c;
  }

  private void awaitReady() throws IOException {
    Servers.awaitReady(
        process,
        "prometheus-pushgateway on port " + port,
        dir.resolve("pushgateway.log"),
        STARTUP_TIMEOUT,
        this::ready);
  }

  private boolean ready() {
    try {
      HttpURLConnection c = open("/-/ready");
      int status = c.getResponseCode();
      c.disconnect();
      return status == 200;
    } catch (IOException e) {
      return false;
    }
  }
}
