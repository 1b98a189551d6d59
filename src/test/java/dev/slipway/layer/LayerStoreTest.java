package dev.slipway.layer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.Digest;
import dev.slipway.core.StoreCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayerStoreTest {
  @TempDir Path tmp;

  /** Records what each build did. */
  static final class Recorder implements LayerListener {
    final List<String> events = new ArrayList<>();

    @Override
    public void storeHit(Layer layer) {
      events.add("hit");
    }

    @Override
    public void compressed(Layer layer, long nanos) {
      events.add("compressed");
    }
  }

  private LayerBuilder sample() throws Exception {
    Path bin = tmp.resolve("bin");
    if (!Files.exists(bin)) {
      Files.write(bin, "some binary bytes ".repeat(5000).getBytes(UTF_8));
    }
    return BinaryLayer.entries("svc", bin);
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void secondBuildOfTheSameContentIsAStoreHitWithoutCompressing(Compression c) throws Exception {
    LayerStore store = new LayerStore(tmp.resolve("store"));
    Recorder recorder = new Recorder();
    Layer first = sample().listener(recorder).build(store, c);

    Layer second = sample().listener(recorder).build(store, c);

    assertThat(recorder.events).containsExactly("compressed", "hit");
    assertThat(second).isEqualTo(first);
    assertThat(store.verify(second)).isTrue();
    assertThat(store.lookup(first.diffId(), c)).contains(first);
    assertThat(store.lookup(first.diffId(), c, c.defaultLevel() + 1)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void blobDecompressesToTheTarWhoseDigestIsTheDiffId(Compression c) throws Exception {
    LayerStore store = new LayerStore(tmp.resolve("store"));
    Layer layer = sample().build(store, c, Instant.ofEpochSecond(7));

    byte[] tar = Tars.decompress(layer);
    assertThat(Digest.sha256Of(tar)).isEqualTo(layer.diffId());
    assertThat(Digest.sha256Of(Files.readAllBytes(layer.blob()))).isEqualTo(layer.digest());
    assertThat(Files.size(layer.blob())).isEqualTo(layer.size());
    assertThat(layer.blob()).isEqualTo(store.blobPath(layer.digest()));
    assertThat(layer.mediaType()).isEqualTo(c.mediaType());
    assertThat(sample().diffId(Instant.ofEpochSecond(7))).isEqualTo(layer.diffId());
    assertThat(store.verify(layer)).isTrue();
  }

  @Test
  void truncatedBlobIsAMissAndIsRepaired() throws Exception {
    LayerStore store = new LayerStore(tmp.resolve("store"));
    Layer good = sample().build(store, Compression.GZIP);
    Files.write(good.blob(), new byte[] {1, 2, 3});
    assertThat(store.lookup(good.diffId(), Compression.GZIP)).isEmpty();

    Recorder recorder = new Recorder();
    Layer rebuilt = sample().listener(recorder).build(store, Compression.GZIP);

    assertThat(recorder.events).containsExactly("compressed");
    assertThat(rebuilt).isEqualTo(good);
    assertThat(store.verify(rebuilt)).isTrue();
  }

  @Test
  void missingBlobOrGarbledIndexIsAMissAndIsRepaired() throws Exception {
    LayerStore store = new LayerStore(tmp.resolve("store"));
    Layer good = sample().build(store, Compression.ZSTD);
    Files.delete(good.blob());
    assertThat(store.lookup(good.diffId(), Compression.ZSTD)).isEmpty();
    assertThat(sample().build(store, Compression.ZSTD)).isEqualTo(good);

    Path index = store.root().resolve("index/zstd-3").resolve(good.diffId().hex());
    Files.writeString(index, "not a record");
    assertThat(store.lookup(good.diffId(), Compression.ZSTD)).isEmpty();
    assertThat(sample().build(store, Compression.ZSTD)).isEqualTo(good);
    assertThat(store.lookup(good.diffId(), Compression.ZSTD)).contains(good);
  }

  @Test
  void indexEntryFromTheSingleStreamGzipIsNotReused() throws Exception {
    LayerStore store = new LayerStore(tmp.resolve("store"));
    LayerBuilder builder = sample();
    Digest diffId = builder.diffId(Instant.EPOCH);
    Path oldBlob = store.blobPath(Digest.sha256Of(new byte[] {1}));
    Files.createDirectories(oldBlob.getParent());
    Files.write(oldBlob, new byte[] {1});
    Path oldIndex = store.root().resolve("index/gzip-1").resolve(diffId.hex());
    Files.createDirectories(oldIndex.getParent());
    Files.writeString(oldIndex, Digest.sha256Of(new byte[] {1}) + " 1\n");

    assertThat(store.lookup(diffId, Compression.GZIP)).isEmpty();
    Layer layer = builder.build(store, Compression.GZIP);

    assertThat(layer.digest()).isNotEqualTo(Digest.sha256Of(new byte[] {1}));
    assertThat(store.root().resolve("index/pgzip-1").resolve(diffId.hex())).isRegularFile();
    assertThat(store.lookup(diffId, Compression.GZIP)).contains(layer);
  }

  @Test
  void concurrentBuildsOfTheSameLayerAllSucceed() throws Exception {
    LayerStore store = new LayerStore(tmp.resolve("store"));
    LayerBuilder builder = sample();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Layer>> tasks = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        // A store per task models separate processes sharing one directory.
        tasks.add(() -> builder.build(new LayerStore(store.root()), Compression.GZIP));
      }
      List<Layer> layers = new ArrayList<>();
      for (Future<Layer> f : pool.invokeAll(tasks)) {
        layers.add(f.get());
      }
      assertThat(layers).allMatch(l -> l.equals(layers.get(0)));
      assertThat(store.verify(layers.get(0))).isTrue();
      try (var left = Files.list(store.root().resolve("tmp"))) {
        assertThat(left).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void verifyRemovesADamagedBlobTheIndexEntriesNamingItAndBadStampsAndCleansStaleTemps()
      throws Exception {
    LayerStore store = new LayerStore(tmp.resolve("store"));
    Layer damaged = sample().build(store, Compression.GZIP);
    Layer good =
        new LayerBuilder()
            .add(
                LayerEntry.file(
                    "etc/other", 0644, "other".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
            .build(store, Compression.ZSTD);
    byte[] bytes = Files.readAllBytes(damaged.blob());
    bytes[bytes.length / 2] ^= 1;
    Files.write(damaged.blob(), bytes);
    Path badStamp = Files.writeString(store.root().resolve("stamps/" + "c".repeat(64)), "nonsense");
    Files.createDirectories(store.root().resolve("tmp"));
    Path stale = Files.writeString(store.root().resolve("tmp/layer-1.tmp"), "partial");
    Files.setLastModifiedTime(
        stale, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(7200)));
    Path young = Files.writeString(store.root().resolve("tmp/layer-2.tmp"), "being written");

    StoreCheck check = new StoreCheck("layers");
    store.verify(check);

    assertThat(check.removed())
        .hasSize(3)
        .anyMatch(r -> r.startsWith("layers/blobs/sha256/" + damaged.digest().hex() + ": "))
        .anyMatch(r -> r.contains("index/pgzip-1/" + damaged.diffId().hex() + ": its blob"))
        .anyMatch(r -> r.startsWith("layers/stamps/" + badStamp.getFileName()));
    assertThat(check.cleaned()).isEqualTo(1);
    assertThat(stale).doesNotExist();
    assertThat(young).exists();
    assertThat(store.lookup(damaged.diffId(), Compression.GZIP)).isEmpty();
    assertThat(store.lookup(good.diffId(), Compression.ZSTD)).contains(good);
    StoreCheck again = new StoreCheck("layers");
    store.verify(again);
    assertThat(again.removed()).isEmpty();
  }
}
