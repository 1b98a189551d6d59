package dev.slipway.registry;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which hosts may be spoken to over plain HTTP, and so may receive credentials over it: loopback
 * addresses, and hosts the user named as insecure. Everything else is HTTPS with the JDK's TLS
 * verification.
 */
final class HostPolicy {
  private static final Pattern LOOPBACK_V4 =
      Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  private final Set<String> insecureHosts;

  HostPolicy(Set<String> insecureHosts) {
    this.insecureHosts = Set.copyOf(insecureHosts);
  }

  /** {@code https}, or {@code http} for loopback and insecure hosts ({@code host[:port]}). */
  String scheme(String hostAndPort) {
    return allowsPlainHttp(hostAndPort) ? "http" : "https";
  }

  boolean allowsPlainHttp(String hostAndPort) {
    String lower = hostAndPort.toLowerCase(Locale.ROOT);
    return isLoopback(hostWithoutPort(lower))
        || insecureHosts.contains(lower)
        || insecureHosts.contains(hostWithoutPort(lower));
  }

  /** Credentials go over HTTPS, or over HTTP only to a host allowed plain HTTP. */
  boolean mayReceiveCredentials(URI uri) {
    if ("https".equalsIgnoreCase(uri.getScheme())) {
      return true;
    }
    String authority = uri.getPort() >= 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    return uri.getHost() != null && allowsPlainHttp(authority);
  }

  /**
   * Strict loopback test on the literal name. (ImageReference.isLoopback accepts any name starting
   * with "127.", which would include a DNS name like 127.example.com.)
   */
  static boolean isLoopback(String host) {
    return host.equals("localhost")
        || LOOPBACK_V4.matcher(host).matches()
        || host.equals("[::1]")
        || host.equals("::1");
  }

  static String hostWithoutPort(String hostAndPort) {
    if (hostAndPort.startsWith("[")) {
      return hostAndPort.substring(0, hostAndPort.indexOf(']') + 1);
    }
    int colon = hostAndPort.indexOf(':');
    return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
  }
}
