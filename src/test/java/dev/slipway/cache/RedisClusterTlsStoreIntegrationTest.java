package dev.slipway.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.RedisClusterServer;
import dev.slipway.testing.RedisKeys;
import dev.slipway.testing.TestCa;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://} to one node of a Redis Cluster whose nodes serve TLS and talk to each other
 * over TLS: the client learns the other nodes' TLS ports from the seed and checks each node's
 * certificate. The whole remote-store contract runs through it.
 */
@Tag("integration")
class RedisClusterTlsStoreIntegrationTest extends RedisStoreContract {
  @TempDir static Path caDir;
  private static TestCa ca;
  private static RedisClusterServer cluster;

  @BeforeAll
  static void startCluster() {
    ca = TestCa.create(caDir);
    cluster = RedisClusterServer.startTls(ca.issue("node", "IP:127.0.0.1"));
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Override
  RedisKeys keys() {
    return cluster;
  }

  @Override
  String url() {
    return cluster.tlsUrl() + "?cacert=" + ca.cert();
  }

  @Override
  String downUrl() {
    int closed = HttpStoreIntegrationTest.closedPort();
    return "rediss://127.0.0.1:" + closed + ",127.0.0.1:" + closed + "?cacert=" + ca.cert();
  }

  @Test
  void oneTlsSeedFindsTheClusterAndEveryNodeServesOverTls() throws Exception {
    try (RedisStore store = (RedisStore) RemoteStores.parse(url(), Map.of())) {
      for (int i = 0; i < 60; i++) {
        store.putAction(key(i), ("record " + i).getBytes(UTF_8));
      }
      assertThat(store.isCluster()).isTrue();
      assertThat(store.getActions(IntStream.range(0, 60).mapToObj(i -> key(i)).toList()))
          .hasSize(60);
    }
    // The keys spread over the nodes, so the client reached all three through their TLS ports.
    for (int node = 0; node < cluster.ports().size(); node++) {
      assertThat(cluster.keysOn(node)).isPositive();
    }
  }
}
