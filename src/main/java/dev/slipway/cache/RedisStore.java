package dev.slipway.cache;

import dev.slipway.core.Digest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.PipelineBase;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Redis or Redis Cluster: action records under {@code slipway:ac:<key>}, bodies under {@code
 * slipway:cas:<hex>}, with an optional expiry. Prefetch reads records with pipelined MGETs (GETs on
 * a cluster, where keys live in different slots). Error messages never hold the password.
 */
public final class RedisStore implements RemoteStore {
  private static final int MGET_BATCH = 256;

  private final HostAndPort address;
  private final JedisClientConfig config;
  private final String name;
  private final boolean cluster;
  private final Duration ttl;
  private final String secret;

  /** Created at first use: a cluster client connects in its constructor. */
  private UnifiedJedis jedis;

  private RedisStore(
      HostAndPort address,
      JedisClientConfig config,
      String name,
      boolean cluster,
      Duration ttl,
      String secret) {
    this.address = address;
    this.config = config;
    this.name = name;
    this.cluster = cluster;
    this.ttl = ttl;
    this.secret = secret;
  }

  static RedisStore open(URI uri, Map<String, String> env) {
    boolean tls = uri.getScheme().equalsIgnoreCase("rediss");
    if (uri.getPort() < 0) {
      throw new IllegalArgumentException("name the port, for example redis://host:6379");
    }
    String[] userInfo = CacheUrls.userAndPassword(uri);
    String user = userInfo[0] != null ? userInfo[0] : env.get(RemoteStores.USER_ENV);
    String password = userInfo[1] != null ? userInfo[1] : env.get(RemoteStores.PASSWORD_ENV);
    String path = uri.getPath() == null ? "" : uri.getPath();
    int db = 0;
    if (!path.isEmpty() && !path.equals("/")) {
      try {
        db = Integer.parseInt(path.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("the path must be a database number, for example /0");
      }
      if (db < 0) {
        throw new IllegalArgumentException("the database number must not be negative");
      }
    }
    Duration ttl = null;
    boolean cluster = false;
    for (Map.Entry<String, String> param : CacheUrls.query(uri).entrySet()) {
      switch (param.getKey()) {
        case "ttl" -> ttl = CacheUrls.duration(param.getValue());
        case "cluster" -> cluster = Boolean.parseBoolean(param.getValue());
        default ->
            throw new IllegalArgumentException(
                "unknown parameter '" + param.getKey() + "' (use ttl= or cluster=)");
      }
    }
    if (cluster && db != 0) {
      throw new IllegalArgumentException("Redis Cluster has only database 0");
    }
    String name =
        uri.getScheme().toLowerCase(Locale.ROOT)
            + "://"
            + uri.getHost()
            + ":"
            + uri.getPort()
            + (db == 0 ? "" : "/" + db);
    JedisClientConfig config =
        DefaultJedisClientConfig.builder()
            .user(user)
            .password(password)
            .database(db)
            .ssl(tls)
            .connectionTimeoutMillis(3000)
            .socketTimeoutMillis(30_000)
            .clientName("slipway")
            .build();
    HostAndPort address = new HostAndPort(uri.getHost(), uri.getPort());
    return new RedisStore(address, config, name, cluster, ttl, password);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<byte[]> getAction(String key) throws IOException {
    try {
      return Optional.ofNullable(jedis().get(actionKey(ActionKeys.check(key))));
    } catch (JedisException e) {
      throw wrap(e);
    }
  }

  @Override
  public void putAction(String key, byte[] record) throws IOException {
    try {
      jedis().set(actionKey(ActionKeys.check(key)), record, params());
    } catch (JedisException e) {
      throw wrap(e);
    }
  }

  @Override
  public Map<String, byte[]> getActions(Collection<String> keys) throws IOException {
    List<String> all = new ArrayList<>(keys);
    Map<String, byte[]> found = new LinkedHashMap<>();
    try (PipelineBase pipeline = jedis().pipelined()) {
      List<Response<List<byte[]>>> batches = new ArrayList<>();
      List<Response<byte[]>> singles = new ArrayList<>();
      for (int from = 0; from < all.size(); from += MGET_BATCH) {
        List<String> batch = all.subList(from, Math.min(all.size(), from + MGET_BATCH));
        if (cluster) {
          batch.forEach(k -> singles.add(pipeline.get(actionKey(ActionKeys.check(k)))));
        } else {
          batches.add(
              pipeline.mget(
                  batch.stream().map(k -> actionKey(ActionKeys.check(k))).toArray(byte[][]::new)));
        }
      }
      pipeline.sync();
      int i = 0;
      for (Response<List<byte[]>> batch : batches) {
        for (byte[] value : batch.get()) {
          put(found, all.get(i++), value);
        }
      }
      for (Response<byte[]> single : singles) {
        put(found, all.get(i++), single.get());
      }
    } catch (JedisException e) {
      throw wrap(e);
    }
    return found;
  }

  @Override
  public boolean getBlob(Digest digest, Path dest) throws IOException {
    byte[] body;
    try {
      body = jedis().get(blobKey(digest));
    } catch (JedisException e) {
      throw wrap(e);
    }
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
      throw new IOException(name + ": " + source + " has " + body.length + " bytes, not " + size);
    }
    try {
      jedis().set(blobKey(digest), body, params());
    } catch (JedisException e) {
      throw wrap(e);
    }
  }

  @Override
  public synchronized void close() {
    if (jedis != null) {
      jedis.close();
      jedis = null;
    }
  }

  private synchronized UnifiedJedis jedis() {
    if (jedis == null) {
      jedis =
          cluster ? new JedisCluster(Set.of(address), config) : new JedisPooled(address, config);
    }
    return jedis;
  }

  static byte[] actionKey(String key) {
    return ("slipway:ac:" + key).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] blobKey(Digest digest) {
    return ("slipway:cas:" + digest.hex()).getBytes(StandardCharsets.UTF_8);
  }

  private SetParams params() {
    return ttl == null ? new SetParams() : new SetParams().px(ttl.toMillis());
  }

  private static void put(Map<String, byte[]> found, String key, byte[] value) {
    if (value != null) {
      found.put(key, value);
    }
  }

  /** A failure as an IOException naming the store; Redis never echoes a password, but check. */
  private IOException wrap(JedisException e) {
    StringBuilder text = new StringBuilder(name).append(": ");
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    text.append(message);
    if (e.getCause() != null && e.getCause().getMessage() != null) {
      text.append(" (").append(e.getCause().getMessage()).append(')');
    }
    String safe = text.toString();
    if (secret != null && !secret.isEmpty()) {
      safe = safe.replace(secret, "***");
    }
    return new IOException(safe);
  }
}
