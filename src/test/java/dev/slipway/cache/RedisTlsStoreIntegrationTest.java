package dev.slipway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.RedisKeys;
import dev.slipway.testing.RedisServer;
import dev.slipway.testing.TestCa;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://} against a redis-server serving TLS with a certificate of a private CA, trusted
 * through {@code cacert=}: the whole remote-store contract, and the certificates that must be
 * refused.
 */
@Tag("integration")
class RedisTlsStoreIntegrationTest extends RedisStoreContract {
  @TempDir static Path caDir;
  private static TestCa ca;
  private static RedisServer redis;

  @BeforeAll
  static void startRedis() {
    ca = TestCa.create(caDir);
    redis = RedisServer.startTls(ca.issue("redis", "IP:127.0.0.1", "DNS:localhost"));
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Override
  RedisKeys keys() {
    return redis;
  }

  @Override
  String url() {
    return redis.tlsUrl() + "?cacert=" + ca.cert();
  }

  @Override
  String downUrl() {
    return "rediss://127.0.0.1:" + HttpStoreIntegrationTest.closedPort() + "?cacert=" + ca.cert();
  }

  @Test
  void aServerWhoseCaIsNotTrustedIsSwitchedOffWithOneWarning() throws Exception {
    // Without cacert= only the JVM's CAs are trusted, and the test CA is not one of them.
    assertRefused(redis, redis.tlsUrl(), "PKIX");
  }

  @Test
  void aCertificateForAnotherHostIsRefusedEvenFromATrustedCa() throws Exception {
    try (RedisServer other = RedisServer.startTls(ca.issue("other", "DNS:other.invalid"))) {
      assertRefused(other, other.tlsUrl() + "?cacert=" + ca.cert(), "subject alternative names");
    }
  }

  /** Writing one entry to {@code server} through {@code url} fails, with one warning. */
  private void assertRefused(RedisServer server, String url, String why) throws Exception {
    TieredCache cache =
        runner("refused-" + Integer.toHexString(url.hashCode()), url, TieredCache.Settings.DEFAULT);
    put(cache, key(1), "body");
    assertThat(cache.flush(Duration.ofSeconds(30))).isTrue();
    assertThat(cache.stats().get(1).disabled()).isTrue();
    assertThat(warnings).singleElement().asString().contains("rediss://127.0.0.1:").contains(why);
    assertThat(server.get("slipway:ac:" + key(1))).isNull();
  }
}
