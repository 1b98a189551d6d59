package dev.slipway.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.Digest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCacheTest {
  @TempDir Path dir;

  @Test
  void storedActionIsReadBackWithItsVerifiedBody() throws Exception {
    LocalCache cache = new LocalCache(dir);
    ActionRecord record = store(cache, "k1", "hello");

    assertThat(cache.getAction("k1")).contains(record);
    Path body = cache.getBlob(record.blob(), record.size()).orElseThrow();
    assertThat(Files.readString(body)).isEqualTo("hello");
    assertThat(cache.getAction("other")).isEmpty();
  }

  @Test
  void blobWithWrongContentIsAMissAndIsDeleted() throws Exception {
    ActionRecord record = store(new LocalCache(dir), "k1", "hello");
    Path blob = dir.resolve("blobs/sha256/" + record.blob().hex());
    Files.writeString(blob, "jello");

    LocalCache fresh = new LocalCache(dir);
    assertThat(fresh.getBlob(record.blob(), record.size())).isEmpty();
    assertThat(blob).doesNotExist();
  }

  @Test
  void blobWithWrongSizeIsAMiss() throws Exception {
    LocalCache cache = new LocalCache(dir);
    ActionRecord record = store(cache, "k1", "hello");
    Files.writeString(cache.blobPath(record.blob()), "hello, world");

    assertThat(cache.getBlob(record.blob(), record.size())).isEmpty();
  }

  @Test
  void gcKeepsTheCapAndEvictsTheLeastRecentlyUsedFirst() throws Exception {
    LocalCache cache = new LocalCache(dir);
    ActionRecord a = store(cache, "a", "x".repeat(1000));
    ActionRecord b = store(cache, "b", "y".repeat(1000));
    ActionRecord c = store(cache, "c", "z".repeat(1000));
    long now = System.currentTimeMillis();
    age(cache, "a", a, now - 30_000);
    age(cache, "b", b, now - 20_000);
    age(cache, "c", c, now - 10_000);
    cache.getAction("a");
    cache.getBlob(a.blob(), a.size()); // a is now the most recently used

    long cap = cache.stats().bytes() - 1000;
    LocalCache.GcResult result = cache.gc(cap);

    assertThat(cache.stats().bytes()).isLessThanOrEqualTo(cap);
    assertThat(result.remainingBytes()).isEqualTo(cache.stats().bytes());
    assertThat(cache.getBlob(b.blob(), b.size())).as("b was least recently used").isEmpty();
    assertThat(cache.getBlob(a.blob(), a.size())).isPresent();
    assertThat(cache.getBlob(c.blob(), c.size())).isPresent();
  }

  @Test
  void gcToZeroEmptiesTheStore() throws Exception {
    LocalCache cache = new LocalCache(dir);
    store(cache, "a", "one");
    store(cache, "b", "two");

    assertThat(cache.gc(0).deleted()).isEqualTo(4);
    assertThat(cache.stats()).isEqualTo(new LocalCache.Stats(0, 0, 0));
  }

  @Test
  void statsCountRecordsBlobsAndBytes() throws Exception {
    LocalCache cache = new LocalCache(dir);
    store(cache, "a", "12345");
    store(cache, "b", "12345"); // same body, one blob

    LocalCache.Stats stats = cache.stats();
    assertThat(stats.actions()).isEqualTo(2);
    assertThat(stats.blobs()).isEqualTo(1);
    assertThat(stats.bytes()).isGreaterThan(5);
  }

  @Test
  void verifyRemovesACorruptedBlobAndKeepsGoodOnes() throws Exception {
    LocalCache cache = new LocalCache(dir);
    ActionRecord good = store(cache, "a", "good");
    ActionRecord bad = store(cache, "b", "bad!");
    Files.writeString(cache.blobPath(bad.blob()), "evil");

    LocalCache.VerifyResult result = cache.verify();

    assertThat(result).isEqualTo(new LocalCache.VerifyResult(2, 1));
    assertThat(cache.blobPath(bad.blob())).doesNotExist();
    assertThat(cache.blobPath(good.blob())).exists();
  }

  @Test
  void unreadableRecordIsAMissAndIsDeleted() throws Exception {
    LocalCache cache = new LocalCache(dir);
    Files.createDirectories(dir.resolve("a"));
    Files.writeString(dir.resolve("a/k"), "garbage");

    assertThat(cache.getAction("k")).isEmpty();
    assertThat(dir.resolve("a/k")).doesNotExist();
  }

  @Test
  void fourThreadsPuttingTheSameKeyAllSucceedWithIdenticalDigests() throws Exception {
    LocalCache cache = new LocalCache(dir);
    byte[] body = "x".repeat(200_000).getBytes(StandardCharsets.UTF_8);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Digest>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Callable<Digest> put =
            () -> {
              for (int round = 0; round < 20; round++) {
                LocalCache.StoredBlob blob = cache.putBlob(new ByteArrayInputStream(body));
                cache.putAction(
                    "same",
                    new ActionRecord(blob.digest(), blob.digest(), blob.size(), Instant.EPOCH));
              }
              return cache.getAction("same").orElseThrow().blob();
            };
        results.add(pool.submit(put));
      }
      for (Future<Digest> result : results) {
        assertThat(result.get()).isEqualTo(Digest.sha256Of(body));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(cache.stats()).isEqualTo(new LocalCache.Stats(1, 1, cache.stats().bytes()));
    assertThat(cache.getBlob(Digest.sha256Of(body), body.length)).isPresent();
    try (var left = Files.list(dir.resolve("tmp"))) {
      assertThat(left).as("no temp file is left behind").isEmpty();
    }
  }

  static ActionRecord store(LocalCache cache, String key, String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    LocalCache.StoredBlob blob = cache.putBlob(new ByteArrayInputStream(bytes));
    ActionRecord record =
        new ActionRecord(
            Digest.sha256Of(key.getBytes(UTF_8)), blob.digest(), blob.size(), Instant.EPOCH);
    cache.putAction(key, record);
    return record;
  }

  private static void age(LocalCache cache, String key, ActionRecord record, long millis)
      throws Exception {
    Files.setLastModifiedTime(cache.dir().resolve("a").resolve(key), FileTime.fromMillis(millis));
    Files.setLastModifiedTime(cache.blobPath(record.blob()), FileTime.fromMillis(millis));
  }
}
