package dev.slipway.cache;

import dev.slipway.core.Digest;
import dev.slipway.core.RemoteTimeouts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.params.SetParams;

/**
 * Redis or Redis Cluster (see {@link RedisUrl}): action records under {@code slipway:ac:<key>},
 * bodies under {@code slipway:cas:<hex>}, with an optional expiry. Prefetch reads records with
 * pipelined MGETs on one server; a cluster refuses MGET across hash slots, so there each key is a
 * GET in a cluster pipeline, which sends every node its own keys in one round trip. Error messages
 * never hold the password.
 */
public final class RedisStore implements RemoteStore {
  private static final int MGET_BATCH = 256;

  /** A dead cluster node costs at most this much retrying before the tier gives up on it. */
  private static final int CLUSTER_ATTEMPTS = 3;

  private static final Duration CLUSTER_RETRY_BUDGET = Duration.ofSeconds(2);

  private final RedisUrl url;
  private final RemoteTimeouts timeouts;

  /** The trust store's password: it holds only public certificates, so this guards nothing. */
  private static final char[] TRUST_STORE_PASSWORD = "slipway".toCharArray();

  /**
   * TLS that checks the certificate's chain and that it names the host as given in the URL (or the
   * address a cluster node announces), as HTTPS does; trusting only the CAs of the URL's {@code
   * cacert}, or else the JVM's. Null without TLS.
   */
  private final SslOptions tls;

  /** Created at first use: a cluster client, or the cluster probe, connects at once. */
  private UnifiedJedis jedis;

  private volatile boolean cluster;

  private RedisStore(RedisUrl url, RemoteTimeouts timeouts) {
    this.url = url;
    this.timeouts = timeouts;
    this.tls = url.tls() ? tlsOptions(url.caCert()) : null;
  }

  static RedisStore open(URI uri, Map<String, String> env) {
    return new RedisStore(RedisUrl.parse(uri, env), RemoteTimeouts.fromCheckedEnvironment(env));
  }

  @Override
  public String name() {
    return url.name();
  }

  @Override
  public Optional<byte[]> getAction(String key) throws IOException {
    byte[] redisKey = actionKey(ActionKeys.check(key));
    return Optional.ofNullable(call(jedis -> jedis.get(redisKey)));
  }

  @Override
  public void putAction(String key, byte[] record) throws IOException {
    byte[] redisKey = actionKey(ActionKeys.check(key));
    call(jedis -> jedis.set(redisKey, record, params()));
  }

  @Override
  public Map<String, byte[]> getActions(Collection<String> keys) throws IOException {
    List<String> all = List.copyOf(new LinkedHashSet<>(keys));
    List<byte[]> redisKeys = all.stream().map(k -> actionKey(ActionKeys.check(k))).toList();
    List<byte[]> values =
        call(jedis -> cluster ? getEach(jedis, redisKeys) : mget(jedis, redisKeys));
    Map<String, byte[]> found = new LinkedHashMap<>();
    for (int i = 0; i < all.size(); i++) {
      if (values.get(i) != null) {
        found.put(all.get(i), values.get(i));
      }
    }
    return found;
  }

  private static List<byte[]> mget(UnifiedJedis jedis, List<byte[]> keys) {
    List<Response<List<byte[]>>> batches = new ArrayList<>();
    try (AbstractPipeline pipeline = jedis.pipelined()) {
      for (int from = 0; from < keys.size(); from += MGET_BATCH) {
        List<byte[]> batch = keys.subList(from, Math.min(keys.size(), from + MGET_BATCH));
        batches.add(pipeline.mget(batch.toArray(byte[][]::new)));
      }
      pipeline.sync();
    }
    List<byte[]> values = new ArrayList<>(keys.size());
    batches.forEach(batch -> values.addAll(batch.get()));
    return values;
  }

  /**
   * One GET per key; the cluster pipeline groups them by node and syncs the nodes in parallel. A
   * key whose slot has moved since the client learned the slot map answers MOVED (or ASK while it
   * moves): it is read again on its own, which follows the redirect and renews the map.
   */
  private static List<byte[]> getEach(UnifiedJedis jedis, List<byte[]> keys) {
    List<Response<byte[]>> responses = new ArrayList<>(keys.size());
    try (AbstractPipeline pipeline = jedis.pipelined()) {
      keys.forEach(key -> responses.add(pipeline.get(key)));
      pipeline.sync();
    }
    List<byte[]> values = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      try {
        values.add(responses.get(i).get());
      } catch (JedisRedirectionException moved) {
        values.add(jedis.get(keys.get(i)));
      }
    }
    return values;
  }

  @Override
  public boolean getBlob(Digest digest, Path dest) throws IOException {
    byte[] body = call(jedis -> jedis.get(blobKey(digest)));
    if (body == null) {
      return false;
    }
    Files.write(dest, body);
    return true;
  }

  @Override
  public void putBlob(Digest digest, Path source, long size) throws IOException {
    byte[] body = Files.readAllBytes(source);
    if (body.length != size) {
      throw new IOException(name() + ": " + source + " has " + body.length + " bytes, not " + size);
    }
    call(jedis -> jedis.set(blobKey(digest), body, params()));
  }

  @Override
  public synchronized void close() {
    if (jedis != null) {
      jedis.close();
      jedis = null;
    }
  }

  /** True once the store talks to a Redis Cluster (known after first use in auto mode). */
  boolean isCluster() {
    return cluster;
  }

  private interface Call<T> {
    T on(UnifiedJedis jedis);
  }

  /**
   * Runs one call; any client failure becomes an IOException naming the store. A cluster pipeline
   * that lost a node leaves its responses unset (IllegalStateException), so those count too.
   */
  private <T> T call(Call<T> call) throws IOException {
    try {
      return call.on(jedis());
    } catch (JedisException | IllegalStateException e) {
      throw wrap(e);
    }
  }

  private synchronized UnifiedJedis jedis() throws IOException {
    if (jedis == null) {
      cluster =
          switch (url.cluster()) {
            case YES -> true;
            case NO -> false;
            case AUTO -> probeCluster();
          };
      jedis =
          cluster
              ? RedisClusterClient.builder()
                  .nodes(new LinkedHashSet<>(url.seeds()))
                  .clientConfig(config(0))
                  .maxAttempts(CLUSTER_ATTEMPTS)
                  .maxTotalRetriesDuration(CLUSTER_RETRY_BUDGET)
                  .build()
              : RedisClient.builder()
                  .hostAndPort(url.seeds().get(0))
                  .clientConfig(config(url.db()))
                  .build();
    }
    return jedis;
  }

  /**
   * Asks the one host whether it runs in cluster mode ({@code INFO cluster}, any server has it).
   */
  private boolean probeCluster() throws IOException {
    boolean enabled;
    try (Jedis probe = new Jedis(url.seeds().get(0), config(0))) {
      enabled = probe.info("cluster").contains("cluster_enabled:1");
    } catch (JedisException e) {
      throw wrap(e);
    }
    if (enabled && url.db() != 0) {
      throw new IOException(
          name() + ": this is a Redis Cluster node, which has only database 0: drop /" + url.db());
    }
    return enabled;
  }

  /**
   * The CA file is read once, here, so that an unreadable one fails when the store opens; Jedis
   * makes a TLS context from these options for each connection it opens.
   */
  private static SslOptions tlsOptions(Path caCert) {
    SslOptions.Builder tls = SslOptions.builder().sslVerifyMode(SslVerifyMode.FULL);
    if (caCert != null) {
      byte[] store = PemTrust.trustStore(caCert, TRUST_STORE_PASSWORD);
      tls.trustStoreType(PemTrust.STORE_TYPE)
          .truststore(() -> new ByteArrayInputStream(store), TRUST_STORE_PASSWORD);
    }
    return tls.build();
  }

  private JedisClientConfig config(int db) {
    return DefaultJedisClientConfig.builder()
        .user(url.user())
        .password(url.password())
        .database(db)
        .sslOptions(tls)
        .connectionTimeoutMillis(timeouts.connectMillis())
        .socketTimeoutMillis(timeouts.readMillis())
        .clientName("slipway")
        .build();
  }

  static byte[] actionKey(String key) {
    return ("slipway:ac:" + key).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] blobKey(Digest digest) {
    return ("slipway:cas:" + digest.hex()).getBytes(StandardCharsets.UTF_8);
  }

  private SetParams params() {
    return url.ttl() == null ? new SetParams() : new SetParams().px(url.ttl().toMillis());
  }

  /** A failure as an IOException naming the store; Redis never echoes a password, but check. */
  private IOException wrap(RuntimeException e) {
    StringBuilder text = new StringBuilder(name()).append(": ");
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    text.append(message);
    if (e.getCause() != null && e.getCause().getMessage() != null) {
      text.append(" (").append(e.getCause().getMessage()).append(')');
    }
    String safe = text.toString();
    String secret = url.password();
    if (secret != null && !secret.isEmpty()) {
      safe = safe.replace(secret, "***");
    }
    return new IOException(safe);
  }
}
