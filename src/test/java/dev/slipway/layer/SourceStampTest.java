package dev.slipway.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceStampTest {
  @TempDir Path tmp;

  /** Records what each build did. */
  private static final class Events implements LayerListener {
    final List<String> seen = new ArrayList<>();

    @Override
    public void storeHit(Layer layer) {
      seen.add("hit");
    }

    @Override
    public void compressed(Layer layer, long nanos) {
      seen.add("compressed");
    }
  }

  private Path binary(String content, Instant mtime) throws Exception {
    Path f = tmp.resolve("bin/app");
    Files.createDirectories(f.getParent());
    Files.writeString(f, content);
    Files.setLastModifiedTime(f, FileTime.from(mtime));
    return f;
  }

  @Test
  void anOldUnchangedBinaryIsFoundByItsStatWithoutBeingRead() throws Exception {
    LayerStore store = new LayerStore(tmp.resolve("store"));
    Instant old = Instant.parse("2021-05-01T10:00:00.5Z");
    Path bin = binary("version one", old);
    Events events = new Events();
    Layer first = BinaryLayer.entries("app", bin).listener(events).build(store, Compression.GZIP);

    // Same size, inode and mtime but other bytes: only a stat-keyed lookup returns the old layer.
    binary("version two", old);
    Layer second = BinaryLayer.entries("app", bin).listener(events).build(store, Compression.GZIP);
    assertThat(second).isEqualTo(first);
    assertThat(events.seen).containsExactly("compressed", "hit");
  }

  @Test
  void aFreshBinaryIsCompressedInOnePassAndAnIdenticalOneReusesTheStoredBlob() throws Exception {
    LayerStore store = new LayerStore(tmp.resolve("store"));
    Path bin = binary("same bytes", Instant.now());
    Events events = new Events();
    Layer first = BinaryLayer.entries("app", bin).listener(events).build(store, Compression.ZSTD);
    // go relinked it (new mtime) to the very same bytes: the layer is the one already stored.
    binary("same bytes", Instant.now());
    Layer second = BinaryLayer.entries("app", bin).listener(events).build(store, Compression.ZSTD);
    assertThat(second.digest()).isEqualTo(first.digest());
    assertThat(second.diffId()).isEqualTo(first.diffId());
    assertThat(events.seen).containsExactly("compressed", "hit");
    assertThat(store.verify(second)).isTrue();
  }

  @Test
  void aChangedBinaryGetsANewLayer() throws Exception {
    LayerStore store = new LayerStore(tmp.resolve("store"));
    Path bin = binary("version one", Instant.parse("2021-05-01T10:00:00Z"));
    Layer first = BinaryLayer.entries("app", bin).build(store, Compression.GZIP);
    binary("version two!", Instant.parse("2021-05-01T10:00:07Z"));
    Layer second = BinaryLayer.entries("app", bin).build(store, Compression.GZIP);
    assertThat(second.diffId()).isNotEqualTo(first.diffId());
    assertThat(store.verify(second)).isTrue();
  }

  /**
   * go touches every binary it finds up to date, so stat cannot find the layer of an unchanged
   * service; its build ID (the content key) does, without compressing the binary again.
   */
  @Test
  void aBinaryGoOnlyTouchedIsFoundByItsContentKeyWithoutBeingCompressedAgain() throws Exception {
    LayerStore store = new LayerStore(tmp.resolve("store"));
    Path bin = binary("linked bytes", Instant.now());
    Digest linked = Digest.sha256Of("build id one".getBytes(StandardCharsets.UTF_8));
    Events events = new Events();
    Layer first =
        BinaryLayer.entries("app", bin)
            .contentKey(linked)
            .listener(events)
            .build(store, Compression.GZIP);
    Files.setLastModifiedTime(bin, FileTime.from(Instant.now())); // go's touch
    Layer second =
        BinaryLayer.entries("app", bin)
            .contentKey(linked)
            .listener(events)
            .build(store, Compression.GZIP);
    assertThat(second).isEqualTo(first);
    assertThat(events.seen).containsExactly("compressed", "hit");

    binary("relinked bytes", Instant.now());
    Digest relinked = Digest.sha256Of("build id two".getBytes(StandardCharsets.UTF_8));
    Layer third =
        BinaryLayer.entries("app", bin)
            .contentKey(relinked)
            .listener(events)
            .build(store, Compression.GZIP);
    assertThat(third.diffId()).isNotEqualTo(first.diffId());
    assertThat(events.seen).containsExactly("compressed", "hit", "compressed");
    // The same key under another name is another layer: the path is part of the stamp.
    Layer renamed =
        BinaryLayer.entries("other", bin)
            .contentKey(relinked)
            .listener(events)
            .build(store, Compression.GZIP);
    assertThat(renamed.diffId()).isNotEqualTo(third.diffId());
  }
}
