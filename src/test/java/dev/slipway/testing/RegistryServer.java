package dev.slipway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real CNCF distribution 2.8 registry (Debian's {@code docker-registry}) on a free loopback port,
 * with throwaway storage, for integration tests. Clients reach it through a {@link FaultProxy}
 * without faults that the harness owns ({@link #host()} is the proxy's): it records each request
 * before forwarding it and each status before the client sees it, so the counts are exact as soon
 * as a client has its answers, and "exactly N" means N. (The registry's own access log is written
 * after the response, on a goroutine of its own, so a count read from it can trail.)
 *
 * <pre>{@code
 * try (RegistryServer registry = RegistryServer.start()) {
 *   ImageReference repo = ImageReference.parse(registry.host() + "/app");
 *   ... push ...
 *   assertThat(registry.countRequests("PUT", "/v2/app/blobs/uploads/")).isEqualTo(1);
 * }
 * }</pre>
 *
 * {@link #startWithHtpasswd} adds basic auth (bcrypt htpasswd made with {@code htpasswd -Bbn});
 * {@link #startWithTokenAuth} adds bearer-token auth against a {@link TokenServer}.
 */
public final class RegistryServer implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/docker-registry");
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final Path dir;
  private final Path log;

  /** Where the registry itself listens; clients under test go through {@link #counter}. */
  private final String direct;

  private FaultProxy counter;

  private RegistryServer(Process process, Path dir, Path log, String direct) {
    this.process = process;
    this.dir = dir;
    this.log = log;
    this.direct = direct;
  }

  /** An anonymous registry. */
  public static RegistryServer start() {
    return start(null, null);
  }

  /** A registry that requires HTTP basic auth with this one user. */
  public static RegistryServer startWithHtpasswd(String user, String password) {
    return start(user, password);
  }

  /**
   * A registry that requires bearer tokens from {@code tokens}: it challenges with {@code Bearer
   * realm=<tokens.realm()>,service=slipway-test,scope=..} and verifies tokens against the token
   * server's certificate.
   */
  public static RegistryServer startWithTokenAuth(TokenServer tokens) {
    return start(
        null,
        null,
        "auth:\n  token:\n    realm: "
            + tokens.realm()
            + "\n    service: "
            + TokenServer.SERVICE
            + "\n    issuer: "
            + TokenServer.ISSUER
            + "\n    rootcertbundle: "
            + tokens.rootCertBundle()
            + "\n");
  }

  /** An anonymous registry whose blob DELETE answers 405 UNSUPPORTED, as by default. */
  public static RegistryServer startWithoutDeletion() {
    return start(null, null, "", false);
  }

  private static RegistryServer start(String user, String password) {
    return start(user, password, "");
  }

  private static RegistryServer start(String user, String password, String tokenAuth) {
    return start(user, password, tokenAuth, true);
  }

  private static RegistryServer start(
      String user, String password, String tokenAuth, boolean deletion) {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          BINARY
              + " is missing: integration tests need Debian's docker-registry package"
              + " (apt-get install docker-registry; scripts/test installs it)");
    }
    try {
      Path dir = Files.createTempDirectory("slipway-registry-");
      String auth = tokenAuth;
      if (user != null) {
        Path htpasswd = dir.resolve("htpasswd");
        Files.writeString(htpasswd, htpasswd(user, password));
        auth = "auth:\n  htpasswd:\n    realm: slipway-test\n    path: " + htpasswd + "\n";
      }
      int port = Servers.freePort();
      String host = "127.0.0.1:" + port;
      Path config = dir.resolve("config.yml");
      Files.writeString(
          config,
          "version: 0.1\n"
              + "log:\n  level: info\n  accesslog:\n    disabled: false\n"
              + "storage:\n  filesystem:\n    rootdirectory: "
              + dir.resolve("storage")
              + "\n  delete:\n    enabled: "
              + deletion
              + "\n"
              + "http:\n  addr: "
              + host
              + "\n"
              + auth);
      Path log = dir.resolve("registry.log");
      Process process =
          new ProcessBuilder(BINARY.toString(), "serve", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      RegistryServer server = new RegistryServer(process, dir, log, host);
      try {
        server.awaitReady();
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
      server.counter = FaultProxy.start(host);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start docker-registry", e);
    }
  }

  /**
   * The file holding a blob's bytes in the registry's storage (shared by every repository), for
   * tests that corrupt it as a failing disk would.
   */
  public Path blobData(String sha256Hex) {
    return dir.resolve(
        "storage/docker/registry/v2/blobs/sha256/"
            + sha256Hex.substring(0, 2)
            + "/"
            + sha256Hex
            + "/data");
  }

  /**
   * {@code 127.0.0.1:PORT}, usable as the registry part of an image reference: the counting proxy's
   * address.
   */
  public String host() {
    return counter.host();
  }

  /** Everything the registry printed so far (its own log and its access log), for diagnostics. */
  public String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every request made to {@link #host()} so far, with its status, in arrival order. */
  public List<FaultProxy.Exchange> requests() {
    return counter.exchanges();
  }

  /**
   * The requests so far whose method is {@code method} and whose path starts with {@code prefix}.
   */
  public List<FaultProxy.Exchange> requests(String method, String pathPrefix) {
    return counter.exchanges(method, pathPrefix);
  }

  /**
   * How many requests {@link #requests(String, String)} lists: exact once the client has its
   * answers.
   */
  public long countRequests(String method, String pathPrefix) {
    return counter.count(method, pathPrefix);
  }

  /**
   * The status the registry answers to {@code METHOD path} with this Authorization header (null for
   * none), or -1 if nothing answers. Lets a test ask whether the registry still accepts a token;
   * asked directly, so it is not among the {@link #requests()}.
   */
  public int status(String method, String path, String authorization) {
    try {
      HttpURLConnection c =
          (HttpURLConnection) URI.create("http://" + direct + path).toURL().openConnection();
      c.setRequestMethod(method);
      if (authorization != null) {
        c.setRequestProperty("Authorization", authorization);
      }
      c.setConnectTimeout(1000);
      c.setReadTimeout(5000);
      int status = c.getResponseCode();
      c.disconnect();
      return status;
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * The tags of {@code repository} ({@code GET /v2/<repository>/tags/list}, unpaginated, as
   * distribution answers a small repository), sorted; empty when it has none. Asked directly, so it
   * is not among the {@link #requests()}.
   */
  public List<String> tags(String repository) {
    try {
      HttpURLConnection c =
          (HttpURLConnection)
              URI.create("http://" + direct + "/v2/" + repository + "/tags/list?n=100000")
                  .toURL()
                  .openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(10000);
      if (c.getResponseCode() == 404) {
        return List.of();
      }
      try (InputStream in = c.getInputStream()) {
        JsonNode tags = new ObjectMapper().readTree(in).path("tags");
        List<String> out = new ArrayList<>();
        tags.forEach(t -> out.add(t.asText()));
        out.sort(null);
        return out;
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (counter != null) {
      counter.close();
    }
    Servers.stop(process, dir);
  }

  private void awaitReady() {
    poll(
        () -> {
          if (!process.isAlive()) {
            throw new IllegalStateException("docker-registry exited at start:\n" + logText());
          }
          return get("/v2/") > 0;
        },
        "docker-registry to answer GET /v2/ on " + direct);
  }

  /** The status of a GET, or -1 if nothing answers. */
  private int get(String path) {
    return Servers.status(direct, path);
  }

  private static void poll(java.util.function.BooleanSupplier done, String what) {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (!done.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
  }

  static String htpasswd(String user, String password) throws IOException {
    Process p = new ProcessBuilder("htpasswd", "-Bbn", user, password).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0 || out.isBlank()) {
        throw new IllegalStateException("htpasswd (apache2-utils) failed; is it installed?");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return out.strip() + "\n";
  }
}
