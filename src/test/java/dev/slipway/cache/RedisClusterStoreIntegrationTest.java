package dev.slipway.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.RedisClusterServer;
import dev.slipway.testing.RedisKeys;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Redis backend against a real three-node Redis Cluster, found from one seed URL without {@code
 * cluster=true}: the whole remote-store contract, plus what only a cluster can get wrong.
 */
@Tag("integration")
class RedisClusterStoreIntegrationTest extends RedisStoreContract {
  private static final String PASSWORD = "pw-cluster-s3cret-never-printed";
  private static RedisClusterServer cluster;

  @BeforeAll
  static void startCluster() {
    cluster = RedisClusterServer.start();
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
    return cluster.url();
  }

  @Override
  String downUrl() {
    int closed = HttpStoreIntegrationTest.closedPort();
    return "redis://127.0.0.1:" + closed + ",127.0.0.1:" + closed;
  }

  /**
   * A runner's client learns the slot map at its first command; slots that an operator moves to
   * another node afterwards answer MOVED, and the prefetch and the reads still find every entry,
   * without a warning.
   */
  @Test
  void slotsMovedAfterTheClientLearnedTheMapAreFollowed() throws Exception {
    TieredCache first = runner("first");
    List<String> keys = putBodies(first, 60);
    assertThat(first.flush(Duration.ofSeconds(30))).isTrue();
    long onFirstNode = cluster.keysOn(0);
    assertThat(onFirstNode).isPositive();

    TieredCache cold = runner("cold");
    assertThat(cold.get(key(0))).isPresent();
    // All but one slot of the first node (a master left with none becomes a replica).
    int moved = cluster.slotsOn(0) - 1;
    cluster.moveSlots(0, 1, moved);
    try {
      assertThat(cluster.keysOn(0)).isLessThan(onFirstNode);

      assertThat(cold.prefetch(keys)).isEqualTo(59);
      for (int i = 0; i < 60; i++) {
        assertThat(Files.readString(cold.get(key(i)).orElseThrow().path())).isEqualTo("body " + i);
      }
      assertThat(warnings).isEmpty();
      assertThat(cold.stats().get(1).disabled()).isFalse();
    } finally {
      cluster.moveSlots(1, 0, moved); // the other tests expect slots on every node
    }
  }

  @Test
  void oneSeedIsEnoughToFindTheClusterAndKeysSpreadOverEveryNode() throws Exception {
    try (RedisStore store = (RedisStore) RemoteStores.parse(url(), Map.of())) {
      for (int i = 0; i < 30; i++) {
        store.putAction(key(i), ("record " + i).getBytes(UTF_8));
      }
      assertThat(store.isCluster()).isTrue();
      for (int i = 0; i < 30; i++) {
        assertThat(new String(store.getAction(key(i)).orElseThrow(), UTF_8))
            .isEqualTo("record " + i);
      }
    }
    for (int node = 0; node < cluster.ports().size(); node++) {
      assertThat(cluster.keysOn(node)).as("keys on node %d", node).isPositive();
    }
  }

  @Test
  void prefetchReadsRecordsFromEverySlotAndNode() throws Exception {
    TieredCache first = runner("first", cluster.seedsUrl(), TieredCache.Settings.DEFAULT);
    for (int i = 0; i < 600; i++) {
      put(first, key(i), "b" + (i % 7));
    }
    assertThat(first.flush(Duration.ofSeconds(60))).isTrue();

    try (RemoteStore store = RemoteStores.parse(url(), Map.of())) {
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 610; i++) {
        keys.add(key(i));
      }
      Map<String, byte[]> records = store.getActions(keys);
      assertThat(records).hasSize(600).containsKeys(key(0), key(599)).doesNotContainKey(key(600));
      assertThat(ActionRecord.parse(records.get(key(42))).size()).isEqualTo(2);
    }
    TieredCache cold = runner("cold", url(), TieredCache.Settings.DEFAULT);
    assertThat(cold.prefetch(List.of(key(1), key(2), key(3), key(700)))).isEqualTo(3);
    assertThat(warnings).isEmpty();
  }

  @Test
  void ttlParameterMakesEntriesExpireOnTheCluster() throws Exception {
    TieredCache cache = runner("ttl", url() + "?ttl=2h", TieredCache.Settings.DEFAULT);
    Hit hit = put(cache, key(1), "expiring");
    assertThat(cache.flush(Duration.ofSeconds(30))).isTrue();

    assertThat(cluster.ttl("slipway:ac:" + key(1))).isBetween(7200L - 60, 7200L);
    assertThat(cluster.ttl("slipway:cas:" + hit.record().blob().hex()))
        .isBetween(7200L - 60, 7200L);
  }

  @Test
  void aDatabaseOtherThanZeroOnAClusterWarnsOnceAndNamesTheFix() throws Exception {
    TieredCache cache = runner("db", url() + "/3", TieredCache.Settings.DEFAULT);
    put(cache, key(1), "body");
    assertThat(cache.get(key(2))).isEmpty();
    cache.flush(Duration.ofSeconds(30));

    assertThat(warnings).singleElement().asString().contains("database 0").contains("/3");
    assertThat(Files.readString(cache.get(key(1)).orElseThrow().path())).isEqualTo("body");
  }

  @Test
  void passwordProtectedClusterAuthenticatesEveryNodeAndNeverPrintsThePassword() throws Exception {
    try (RedisClusterServer secured = RedisClusterServer.start(PASSWORD)) {
      int port = secured.ports().get(0);
      String url = "redis://:" + PASSWORD + "@127.0.0.1:" + port;
      TieredCache first = runner("first", url, TieredCache.Settings.DEFAULT);
      for (int i = 0; i < 20; i++) {
        put(first, key(i), "secret body " + i);
      }
      assertThat(first.flush(Duration.ofSeconds(30))).isTrue();
      TieredCache cold = runner("cold", url, TieredCache.Settings.DEFAULT);
      assertThat(cold.prefetch(List.of(key(0), key(19)))).isEqualTo(2);
      assertThat(Files.readString(cold.get(key(7)).orElseThrow().path()))
          .isEqualTo("secret body 7");
      assertThat(cold.stats().get(1).tier()).isEqualTo("redis://127.0.0.1:" + port);

      TieredCache wrong =
          runner(
              "wrong",
              "redis://:wrong-" + PASSWORD + "@127.0.0.1:" + port,
              TieredCache.Settings.DEFAULT);
      assertThat(wrong.get(key(1))).isEmpty();
      assertThat(warnings).singleElement().asString().doesNotContain(PASSWORD);
    }
  }

  @Test
  void aNodeKilledMidwayWarnsOnceAndTheCacheCarriesOnLocally() throws Exception {
    try (RedisClusterServer doomed = RedisClusterServer.start()) {
      TieredCache first = runner("first", doomed.seedsUrl(), TieredCache.Settings.DEFAULT);
      for (int i = 0; i < 30; i++) {
        put(first, key(i), "body " + i);
      }
      assertThat(first.flush(Duration.ofSeconds(30))).isTrue();

      TieredCache second = runner("second", doomed.url(), TieredCache.Settings.DEFAULT);
      assertThat(Files.readString(second.get(key(0)).orElseThrow().path())).isEqualTo("body 0");
      doomed.kill(1);
      int found = 1;
      for (int i = 1; i < 30; i++) {
        if (second.get(key(i)).isPresent()) {
          found++;
        }
        put(second, key(100 + i), "new " + i);
      }
      assertThat(second.flush(Duration.ofSeconds(60))).isTrue();

      assertThat(warnings).singleElement().asString().contains(doomed.url()).contains("local");
      assertThat(found).isLessThan(30);
      assertThat(second.stats().get(1).disabled()).isTrue();
      for (int i = 1; i < 30; i++) {
        assertThat(Files.readString(second.get(key(100 + i)).orElseThrow().path()))
            .isEqualTo("new " + i);
      }

      // A runner that starts after the crash: its prefetch pipeline loses one node's answers.
      TieredCache third = runner("third", doomed.url(), TieredCache.Settings.DEFAULT);
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        keys.add(key(i));
      }
      assertThat(third.prefetch(keys)).isZero();
      assertThat(warnings).hasSize(2);
      assertThat(warnings.get(1)).contains("prefetching");
      assertThat(third.stats().get(1).disabled()).isTrue();
    }
  }
}
