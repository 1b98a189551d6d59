package dev.slipway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A throwaway Debian {@code redis-server} on a free loopback port: no persistence, optionally with
 * a password ({@code --requirepass}).
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *   RemoteStore store = RemoteStores.parse(redis.url(), Map.of());
 *   redis.set("slipway:cas:" + hex, garbage); // corrupt an entry through the server
 * }
 * }</pre>
 */
public final class RedisServer implements RedisKeys, AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/redis-server");
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final Path dir;
  private final int port;
  private final int tlsPort;
  private final String password;

  private RedisServer(Process process, Path dir, int port, int tlsPort, String password) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.tlsPort = tlsPort;
    this.password = password;
  }

  public static RedisServer start() {
    return start(null);
  }

  /** A server that requires {@code AUTH password} (null for none). */
  public static RedisServer start(String password) {
    return start(password, null);
  }

  /**
   * A server that also serves TLS, with {@code cert} ({@link #tlsUrl}), on a second port; the plain
   * port stays for the harness's own commands.
   */
  public static RedisServer startTls(TestCa.Issued cert) {
    return start(null, cert);
  }

  private static RedisServer start(String password, TestCa.Issued cert) {
    requireBinary();
    try {
      Path dir = Files.createTempDirectory("slipway-redis-");
      int port = Servers.freePort();
      int tlsPort = cert == null ? 0 : Servers.freePort();
      List<String> command =
          new ArrayList<>(
              List.of(
                  BINARY.toString(),
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--dir",
                  dir.toString()));
      if (password != null) {
        command.addAll(List.of("--requirepass", password));
      }
      if (cert != null) {
        command.addAll(tlsArguments(tlsPort, cert));
      }
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
      RedisServer server = new RedisServer(process, dir, port, tlsPort, password);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start redis-server", e);
    }
  }

  static void requireBinary() {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          BINARY
              + " is missing: integration tests need Debian's redis-server"
              + " (scripts/install-deps)");
    }
  }

  /**
   * A TLS port with {@code cert}; clients are not asked for certificates, and its CA verifies the
   * peers of a cluster's TLS bus.
   */
  static List<String> tlsArguments(int tlsPort, TestCa.Issued cert) {
    return List.of(
        "--tls-port",
        Integer.toString(tlsPort),
        "--tls-cert-file",
        cert.cert().toString(),
        "--tls-key-file",
        cert.key().toString(),
        "--tls-ca-cert-file",
        cert.ca().toString(),
        "--tls-auth-clients",
        "no");
  }

  public int port() {
    return port;
  }

  /** {@code rediss://127.0.0.1:TLS_PORT}, for a server from {@link #startTls}. */
  public String tlsUrl() {
    if (tlsPort == 0) {
      throw new IllegalStateException("this server was started without TLS");
    }
    return "rediss://127.0.0.1:" + tlsPort;
  }

  /** {@code redis://127.0.0.1:PORT}, without the password. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void flushAll() {
    try (Jedis jedis = client()) {
      jedis.flushAll();
    }
  }

  @Override
  public void set(String key, byte[] value) {
    try (Jedis jedis = client()) {
      jedis.set(key.getBytes(StandardCharsets.UTF_8), value);
    }
  }

  @Override
  public byte[] get(String key) {
    try (Jedis jedis = client()) {
      return jedis.get(key.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Every key matching the glob {@code pattern}, in order. */
  public SortedSet<String> keys(String pattern) {
    try (Jedis jedis = client()) {
      return new TreeSet<>(jedis.keys(pattern));
    }
  }

  /** Seconds until {@code key} expires: -1 without expiry, -2 if absent. */
  public long ttl(String key) {
    try (Jedis jedis = client()) {
      return jedis.ttl(key);
    }
  }

  @Override
  public void close() {
    Servers.stop(process, dir);
  }

  private Jedis client() {
    return new Jedis(
        new HostAndPort("127.0.0.1", port),
        DefaultJedisClientConfig.builder().password(password).build());
  }

  /** Polls with a raw PING until the server answers (+PONG, or -NOAUTH with a password). */
  private void awaitReady() throws IOException {
    awaitPing(process, port, dir.resolve("redis.log"));
  }

  /** Waits, up to a bounded deadline, until the redis-server on {@code port} answers PING. */
  static void awaitPing(Process process, int port, Path log) throws IOException {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (!answersPing(port)) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "redis-server did not start on port " + port + ":\n" + Files.readString(log));
      }
      pause();
    }
  }

  /** A short pause between polls of a server that is getting ready. */
  static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean answersPing(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(2000);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      int first = in.read();
      return first == '+' || first == '-';
    } catch (IOException e) {
      return false;
    }
  }
}
