package dev.slipway.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.Digest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tiered cache with the local tier alone; remotes are covered against real servers. */
class TieredCacheTest {
  @TempDir Path dir;

  @Test
  void putThenGetIsALocalHitWithTheSameRecord() throws Exception {
    try (TieredCache cache = new TieredCache(new LocalCache(dir), List.of(), w -> {})) {
      Hit put = put(cache, "k", "body");
      Hit got = cache.get("k").orElseThrow();

      assertThat(got.record()).isEqualTo(put.record());
      assertThat(got.tier()).isEqualTo("local");
      assertThat(Files.readString(got.path())).isEqualTo("body");
      assertThat(cache.stats())
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.hits()).isEqualTo(1);
                assertThat(s.writes()).isEqualTo(1);
                assertThat(s.bytesWritten()).isEqualTo(4);
                assertThat(s.bytesRead()).isEqualTo(4);
              });
      assertThat(cache.flush(Duration.ofSeconds(30))).isTrue();
    }
  }

  @Test
  void slipwaysOwnEntriesAreServedButNotCountedAmongGosLookups() throws Exception {
    try (TieredCache cache = new TieredCache(new LocalCache(dir), List.of(), w -> {})) {
      put(cache, "k", "body");
      put(cache, "list-own", "binary");
      cache.putList("list-x", List.of("k"), Duration.ofSeconds(30));

      assertThat(Files.readString(cache.getOwn("list-own").orElseThrow().path()))
          .isEqualTo("binary");
      assertThat(Files.readString(cache.getOwn("list-x").orElseThrow().path())).isEqualTo("k\n");
      assertThat(cache.getOwn("list-y")).isEmpty();
      assertThat(cache.get("k")).isPresent();
      assertThat(cache.get("absent")).isEmpty();

      TierStats local = cache.stats().get(0);
      assertThat(local.hits()).isEqualTo(1);
      assertThat(local.misses()).isEqualTo(1);
      assertThat(cache.prefetchList("list-x")).isZero(); // everything it names is local
    }
  }

  @Test
  void bodyOfTheWrongSizeIsRejected() throws Exception {
    try (TieredCache cache = new TieredCache(new LocalCache(dir), List.of(), w -> {})) {
      byte[] body = "four".getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(
              () -> cache.put("k", Digest.sha256Of(body), 5, new ByteArrayInputStream(body)))
          .hasMessageContaining("has 4 bytes, not 5");
      assertThat(cache.get("k")).isEmpty();
    }
  }

  @Test
  void fourBuildsSharingOneStoreAllSucceedWithIdenticalDigests() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Digest>>> builds = new ArrayList<>();
      for (int b = 0; b < 4; b++) {
        builds.add(
            pool.submit(
                () -> {
                  List<Digest> digests = new ArrayList<>();
                  try (TieredCache cache =
                      new TieredCache(new LocalCache(dir), List.of(), w -> {})) {
                    for (int i = 0; i < 50; i++) {
                      String key = "action-" + i;
                      Hit hit =
                          cache.get(key).isPresent()
                              ? cache.get(key).orElseThrow()
                              : put(cache, key, "output of " + i);
                      digests.add(hit.record().blob());
                    }
                  }
                  return digests;
                }));
      }
      List<Digest> first = builds.get(0).get();
      for (Future<List<Digest>> build : builds) {
        assertThat(build.get()).isEqualTo(first);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(new LocalCache(dir).verify()).isEqualTo(new LocalCache.VerifyResult(50, 0));
  }

  private static Hit put(TieredCache cache, String key, String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return cache.put(
        key, Digest.sha256Of(key.getBytes(UTF_8)), bytes.length, new ByteArrayInputStream(bytes));
  }
}
