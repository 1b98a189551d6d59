package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A throwaway Redis Cluster: three Debian {@code redis-server} masters on free loopback ports (no
 * replicas, no persistence), joined by {@code redis-cli --cluster create}, ready once every node
 * reports {@code cluster_state:ok}. Optionally every node requires a password.
 *
 * <pre>{@code
 * try (RedisClusterServer cluster = RedisClusterServer.start()) {
 *   RemoteStore store = RemoteStores.parse(cluster.url(), Map.of()); // one seed, auto-detected
 *   cluster.kill(1);                                                 // a node dies
 * }
 * }</pre>
 */
public final class RedisClusterServer implements RedisKeys, AutoCloseable {
  public static final Path CLI = Path.of("/usr/bin/redis-cli");
  private static final int NODES = 3;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final String password;
  private final TestCa.Issued cert;
  private final List<Process> processes = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private final List<Integer> tlsPorts = new ArrayList<>();

  private RedisClusterServer(Path dir, String password, TestCa.Issued cert) {
    this.dir = dir;
    this.password = password;
    this.cert = cert;
  }

  public static RedisClusterServer start() {
    return start(null);
  }

  /** A cluster whose nodes require {@code AUTH password} (null for none). */
  public static RedisClusterServer start(String password) {
    return start(password, null);
  }

  /**
   * A cluster whose nodes also serve TLS with {@code cert} and talk to each other over TLS ({@code
   * tls-cluster}); {@link #tlsUrl} names one node's TLS port.
   */
  public static RedisClusterServer startTls(TestCa.Issued cert) {
    return start(null, cert);
  }

  private static RedisClusterServer start(String password, TestCa.Issued cert) {
    RedisServer.requireBinary();
    if (!Files.isExecutable(CLI)) {
      throw new IllegalStateException(CLI + " is missing: install Debian's redis-tools");
    }
    RedisClusterServer cluster;
    try {
      cluster =
          new RedisClusterServer(
              Files.createTempDirectory("slipway-redis-cluster-"), password, cert);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      for (int i = 0; i < NODES; i++) {
        cluster.startNode(i);
      }
      cluster.create();
      cluster.awaitClusterOk();
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  private void startNode(int i) throws IOException {
    Path nodeDir = Files.createDirectories(dir.resolve("node" + i));
    int port = Servers.freePort();
    List<String> command =
        new ArrayList<>(
            List.of(
                RedisServer.BINARY.toString(),
                "--port",
                Integer.toString(port),
                "--cluster-port",
                Integer.toString(Servers.freePort()),
                "--bind",
                "127.0.0.1",
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                nodeDir.resolve("nodes.conf").toString(),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                nodeDir.toString()));
    if (password != null) {
      command.addAll(List.of("--requirepass", password, "--masterauth", password));
    }
    if (cert != null) {
      int tlsPort = Servers.freePort();
      command.addAll(RedisServer.tlsArguments(tlsPort, cert));
      command.addAll(List.of("--tls-cluster", "yes"));
      tlsPorts.add(tlsPort);
    }
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(nodeDir.resolve("redis.log").toFile())
            .start();
    processes.add(process);
    ports.add(port);
    RedisServer.awaitPing(process, port, nodeDir.resolve("redis.log"));
  }

  /** {@code redis-cli --cluster create} assigns the 16384 slots evenly over the masters. */
  private void create() throws IOException {
    List<String> args = new ArrayList<>(List.of("--cluster", "create"));
    ports.forEach(p -> args.add("127.0.0.1:" + p));
    args.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    cli(args, "create");
  }

  /**
   * Moves {@code slots} hash slots, keys and all, from node {@code from} to node {@code to} with
   * {@code redis-cli --cluster reshard}, as an operator rebalancing a live cluster would; returns
   * once every slot has moved.
   */
  public void moveSlots(int from, int to, int slots) {
    try {
      cli(
          List.of(
              "--cluster",
              "reshard",
              "127.0.0.1:" + ports.get(from),
              "--cluster-from",
              nodeId(from),
              "--cluster-to",
              nodeId(to),
              "--cluster-slots",
              Integer.toString(slots),
              "--cluster-yes"),
          "reshard");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    awaitClusterOk();
  }

  /** How many hash slots node {@code i} owns, from its own line of CLUSTER NODES. */
  public int slotsOn(int i) {
    String nodes;
    try (Jedis node = node(ports.get(i))) {
      nodes = node.clusterNodes();
    }
    int slots = 0;
    for (String line : nodes.split("\n")) {
      String[] fields = line.strip().split(" ");
      if (fields.length < 3 || !fields[2].contains("myself")) {
        continue;
      }
      for (int f = 8; f < fields.length; f++) {
        if (fields[f].startsWith("[")) {
          continue; // a slot being imported or migrated
        }
        String[] range = fields[f].split("-");
        int low = Integer.parseInt(range[0]);
        int high = Integer.parseInt(range[range.length - 1]);
        slots += high - low + 1;
      }
    }
    return slots;
  }

  private String nodeId(int i) {
    try (Jedis node = node(ports.get(i))) {
      return node.clusterMyId();
    }
  }

  private void cli(List<String> args, String what) throws IOException {
    List<String> command = new ArrayList<>(List.of(CLI.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Path log = dir.resolve(what + ".log");
    builder.redirectOutput(log.toFile());
    if (password != null) {
      builder.environment().put("REDISCLI_AUTH", password); // not on the command line
    }
    Process cli = builder.start();
    try {
      if (!cli.waitFor(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        cli.destroyForcibly();
        throw new IllegalStateException(
            "redis-cli --cluster " + what + " hung:\n" + Files.readString(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (cli.exitValue() != 0) {
      throw new IllegalStateException(
          "redis-cli --cluster " + what + " failed:\n" + Files.readString(log));
    }
  }

  /** Polls CLUSTER INFO on every node until all say the cluster is ok, up to a deadline. */
  private void awaitClusterOk() {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    for (int port : ports) {
      String info = "";
      while (!info.contains("cluster_state:ok")) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("cluster not ok on port " + port + ":\n" + info);
        }
        try (Jedis node = node(port)) {
          info = node.clusterInfo();
        } catch (JedisException e) {
          info = e.toString();
        }
        if (!info.contains("cluster_state:ok")) {
          RedisServer.pause();
        }
      }
    }
  }

  /** {@code redis://127.0.0.1:P} of the first node only: cluster mode must be detected. */
  public String url() {
    return "redis://127.0.0.1:" + ports.get(0);
  }

  /**
   * {@code rediss://127.0.0.1:TLS_PORT} of the first node, for a cluster from {@link #startTls}.
   */
  public String tlsUrl() {
    if (tlsPorts.isEmpty()) {
      throw new IllegalStateException("this cluster was started without TLS");
    }
    return "rediss://127.0.0.1:" + tlsPorts.get(0);
  }

  /** {@code redis://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3}: every node a seed. */
  public String seedsUrl() {
    return "redis://" + ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  public List<Integer> ports() {
    return List.copyOf(ports);
  }

  /** How many keys node {@code i} holds. */
  public long keysOn(int i) {
    try (Jedis node = node(ports.get(i))) {
      return node.dbSize();
    }
  }

  /** Deletes every key on every node. */
  @Override
  public void flushAll() {
    for (int port : ports) {
      try (Jedis node = node(port)) {
        node.flushAll();
      }
    }
  }

  @Override
  public void set(String key, byte[] value) {
    try (RedisClusterClient client = client()) {
      client.set(key.getBytes(StandardCharsets.UTF_8), value);
    }
  }

  @Override
  public byte[] get(String key) {
    try (RedisClusterClient client = client()) {
      return client.get(key.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Seconds until {@code key} expires: -1 without expiry, -2 if absent. */
  public long ttl(String key) {
    try (RedisClusterClient client = client()) {
      return client.ttl(key);
    }
  }

  /** Kills node {@code i} at once (SIGKILL), as a crash would; its slots stay assigned to it. */
  public void kill(int i) {
    Process process = processes.get(i);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    Servers.stop(processes, dir);
  }

  private JedisClientConfig config() {
    return DefaultJedisClientConfig.builder().password(password).build();
  }

  private Jedis node(int port) {
    return new Jedis(new HostAndPort("127.0.0.1", port), config());
  }

  private RedisClusterClient client() {
    Set<HostAndPort> seeds = new LinkedHashSet<>();
    ports.forEach(p -> seeds.add(new HostAndPort("127.0.0.1", p)));
    return RedisClusterClient.builder().nodes(seeds).clientConfig(config()).build();
  }
}
