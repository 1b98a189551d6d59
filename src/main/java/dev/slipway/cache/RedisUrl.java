package dev.slipway.cache;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import redis.clients.jedis.HostAndPort;

/**
 * A parsed {@code
 * redis[s]://[user:password@]host:port[,host:port...][/db][?ttl=7d&cluster=auto&cacert=FILE]}.
 *
 * <p>Several hosts are seed nodes of one Redis Cluster. {@code cluster=true} forces cluster mode,
 * {@code cluster=false} a single server; by default ({@code auto}) one host is asked whether it
 * runs in cluster mode at first use. A cluster has only database 0. {@code cacert=} (rediss only)
 * names a PEM file of the CA certificates to trust instead of the JVM's.
 *
 * @param name the URL without credentials or query, for messages and stats
 */
record RedisUrl(
    List<HostAndPort> seeds,
    String user,
    String password,
    int db,
    boolean tls,
    Path caCert,
    Duration ttl,
    Cluster cluster,
    String name) {

  /** How the store decides between one server and a cluster. */
  enum Cluster {
    AUTO,
    YES,
    NO
  }

  RedisUrl {
    seeds = List.copyOf(seeds);
  }

  /** The name only: the record's own toString would print the password. */
  @Override
  public String toString() {
    return name;
  }

  static RedisUrl parse(URI uri, Map<String, String> env) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    // Several hosts make java.net.URI treat the authority as one opaque name: split it here.
    String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
    int at = authority.lastIndexOf('@');
    String[] userInfo = CacheUrls.userAndPassword(at < 0 ? null : authority.substring(0, at));
    String user = userInfo[0] != null ? userInfo[0] : env.get(RemoteStores.USER_ENV);
    String password = userInfo[1] != null ? userInfo[1] : env.get(RemoteStores.PASSWORD_ENV);
    List<HostAndPort> seeds = new ArrayList<>();
    for (String hostPort : authority.substring(at + 1).split(",", -1)) {
      seeds.add(hostAndPort(hostPort));
    }
    int db = database(uri.getPath() == null ? "" : uri.getPath());
    Duration ttl = null;
    Path caCert = null;
    Cluster cluster = Cluster.AUTO;
    boolean tls = scheme.equals("rediss");
    for (Map.Entry<String, String> param : CacheUrls.query(uri).entrySet()) {
      switch (param.getKey()) {
        case "ttl" -> ttl = CacheUrls.duration(param.getValue());
        case "cluster" -> cluster = cluster(param.getValue());
        case "cacert" -> caCert = Path.of(param.getValue());
        default ->
            throw new IllegalArgumentException(
                "unknown parameter '"
                    + param.getKey()
                    + "' (use ttl=, cluster=, cacert= or mode=)");
      }
    }
    if (caCert != null && !tls) {
      throw new IllegalArgumentException("cacert= is for TLS: use rediss://");
    }
    if (seeds.size() > 1) {
      if (cluster == Cluster.NO) {
        throw new IllegalArgumentException("several hosts name a Redis Cluster, not cluster=false");
      }
      cluster = Cluster.YES;
    }
    if (cluster == Cluster.YES && db != 0) {
      throw new IllegalArgumentException(
          "Redis Cluster has only database 0: drop /" + db + " from the URL");
    }
    String hosts = seeds.stream().map(RedisUrl::text).collect(Collectors.joining(","));
    String name = scheme + "://" + hosts + (db == 0 ? "" : "/" + db);
    return new RedisUrl(seeds, user, password, db, tls, caCert, ttl, cluster, name);
  }

  private static HostAndPort hostAndPort(String text) {
    int colon = text.lastIndexOf(':');
    if (text.isEmpty() || colon == 0) {
      throw new IllegalArgumentException("it names no host");
    }
    if (colon < 0 || text.endsWith("]")) {
      throw new IllegalArgumentException(
          "name the port of " + text + ", for example redis://host:6379");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return new HostAndPort(host, port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid port in " + text);
    }
  }

  private static int database(String path) {
    if (path.isEmpty() || path.equals("/")) {
      return 0;
    }
    try {
      int db = Integer.parseInt(path.substring(1));
      if (db < 0) {
        throw new IllegalArgumentException("the database number must not be negative");
      }
      return db;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the path must be a database number, for example /0");
    }
  }

  private static Cluster cluster(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "auto" -> Cluster.AUTO;
      case "true", "yes", "1" -> Cluster.YES;
      case "false", "no", "0" -> Cluster.NO;
      default ->
          throw new IllegalArgumentException(
              "cluster= takes auto, true or false, not '" + value + "'");
    };
  }

  private static String text(HostAndPort hp) {
    String host = hp.getHost().contains(":") ? "[" + hp.getHost() + "]" : hp.getHost();
    return host + ":" + hp.getPort();
  }
}
