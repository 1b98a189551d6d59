package dev.slipway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.testing.RedisKeys;
import dev.slipway.testing.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class RedisStoreIntegrationTest extends RedisStoreContract {
  private static final String PASSWORD = "pw-s3cret-never-printed";
  private static RedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
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
    return redis.url();
  }

  @Override
  String downUrl() {
    return "redis://127.0.0.1:" + HttpStoreIntegrationTest.closedPort();
  }

  @Test
  void ttlParameterMakesEntriesExpire() throws Exception {
    TieredCache cache = runner("ttl", url() + "?ttl=7d", TieredCache.Settings.DEFAULT);
    Hit hit = put(cache, key(1), "expiring");
    assertThat(cache.flush(Duration.ofSeconds(30))).isTrue();

    assertThat(redis.ttl("slipway:ac:" + key(1))).isBetween(7 * 86400L - 60, 7 * 86400L);
    assertThat(redis.ttl("slipway:cas:" + hit.record().blob().hex()))
        .isBetween(7 * 86400L - 60, 7 * 86400L);
  }

  @Test
  void entriesWithoutTtlDoNotExpire() throws Exception {
    TieredCache cache = runner("no-ttl");
    put(cache, key(1), "forever");
    cache.flush(Duration.ofSeconds(30));

    assertThat(redis.ttl("slipway:ac:" + key(1))).isEqualTo(-1);
  }

  @Test
  void passwordInTheUrlAuthenticatesAndIsNeverPrinted() throws Exception {
    try (RedisServer secured = RedisServer.start(PASSWORD)) {
      String url = "redis://:" + PASSWORD + "@127.0.0.1:" + secured.port() + "/2";
      TieredCache first = runner("first", url, TieredCache.Settings.DEFAULT);
      put(first, key(1), "secret body");
      assertThat(first.flush(Duration.ofSeconds(30))).isTrue();

      TieredCache cold = runner("cold", url, TieredCache.Settings.DEFAULT);
      assertThat(Files.readString(cold.get(key(1)).orElseThrow().path())).isEqualTo("secret body");
      assertThat(cold.stats().get(1).tier())
          .isEqualTo("redis://127.0.0.1:" + secured.port() + "/2");
      assertThat(warnings).isEmpty();
    }
  }

  @Test
  void wrongPasswordWarnsOnceWithoutThePassword() throws Exception {
    try (RedisServer secured = RedisServer.start(PASSWORD)) {
      String wrong = "wrong-" + PASSWORD;
      TieredCache cache =
          runner(
              "wrong",
              "redis://default:" + wrong + "@127.0.0.1:" + secured.port(),
              TieredCache.Settings.DEFAULT);
      put(cache, key(1), "body");
      assertThat(cache.get(key(2))).isEmpty();
      cache.flush(Duration.ofSeconds(30));

      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0)).doesNotContain(wrong).doesNotContain(PASSWORD);
      assertThat(cache.stats()).allSatisfy(s -> assertThat(s.tier()).doesNotContain(PASSWORD));
    }
  }

  @Test
  void downServerWithPasswordWarnsWithoutThePassword() throws Exception {
    TieredCache cache =
        runner(
            "down",
            "redis://:" + PASSWORD + "@127.0.0.1:" + HttpStoreIntegrationTest.closedPort(),
            TieredCache.Settings.DEFAULT);
    assertThat(cache.get(key(1))).isEmpty();

    assertThat(warnings).singleElement().asString().doesNotContain(PASSWORD).contains("127.0.0.1");
  }

  @Test
  void storeErrorsNeverHoldThePassword() {
    RemoteStore store =
        RemoteStores.parse(
            "redis://:" + PASSWORD + "@127.0.0.1:" + HttpStoreIntegrationTest.closedPort(),
            Map.of());
    assertThatThrownBy(() -> store.getAction(key(1)))
        .isInstanceOf(IOException.class)
        .satisfies(e -> assertThat(e.toString()).doesNotContain(PASSWORD));
    assertThat(store.name()).doesNotContain(PASSWORD);
  }

  @Test
  void prefetchReadsManyRecordsInOnePipeline() throws Exception {
    TieredCache first = runner("first");
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
    }
  }
}
