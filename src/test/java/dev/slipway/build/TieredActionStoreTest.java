package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.cache.LocalCache;
import dev.slipway.cache.TierStats;
import dev.slipway.cache.TieredCache;
import dev.slipway.cacheprog.ActionStore;
import dev.slipway.core.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store that serves GOCACHEPROG in production: the go command's view of the tiered cache, here
 * with its local tier alone (remotes are covered against real servers).
 */
class TieredActionStoreTest {
  @TempDir Path dir;

  private static final byte[] BODY = "compiled package\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OUTPUT_ID = sha256(BODY);
  private static final byte[] ACTION = id(1);

  private final List<TieredCache> opened = new java.util.ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(TieredCache::close);
  }

  /** A store as a new process would open it on the same cache directory. */
  private TieredCache cache() {
    TieredCache cache = new TieredCache(new LocalCache(dir), List.of(), w -> {});
    opened.add(cache);
    return cache;
  }

  private static TieredActionStore store(TieredCache cache) {
    return new TieredActionStore(cache);
  }

  private static Path put(ActionStore store) throws IOException {
    return store.put(ACTION, OUTPUT_ID, BODY.length, new ByteArrayInputStream(BODY));
  }

  private Path record() {
    return dir.resolve("a").resolve(HexFormat.of().formatHex(ACTION));
  }

  private List<Path> blobs() throws IOException {
    Path blobs = dir.resolve("blobs/sha256");
    if (!Files.isDirectory(blobs)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(blobs)) {
      return files.toList();
    }
  }

  @Test
  void aPutIsAHitForANewStoreOnTheSameDirectory() throws IOException {
    Path path = put(store(cache()));

    Optional<ActionStore.Entry> hit = store(cache()).get(ACTION);

    assertThat(hit).isPresent();
    assertThat(hit.get().diskPath()).isEqualTo(path).isAbsolute();
    assertThat(hit.get().outputId()).isEqualTo(OUTPUT_ID);
    assertThat(hit.get().size()).isEqualTo(BODY.length);
    assertThat(path.getFileName().toString()).isEqualTo(HexFormat.of().formatHex(OUTPUT_ID));
    assertThat(Files.readAllBytes(path)).isEqualTo(BODY);
    // go runs linked test binaries straight from the file it is given
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void statsCountGetsAsHitsAndMissesAndPutsAsWritesWithTheirBytes() throws IOException {
    TieredCache cache = cache();
    TieredActionStore store = store(cache);
    store.get(ACTION);
    put(store);
    store.get(ACTION);

    TierStats local = cache.stats().get(0);
    assertThat(local.tier()).isEqualTo("local");
    assertThat(local.hits()).isEqualTo(1);
    assertThat(local.misses()).isEqualTo(1);
    assertThat(local.writes()).isEqualTo(1);
    assertThat(local.bytesWritten()).isEqualTo(BODY.length);
    assertThat(local.bytesRead()).isEqualTo(BODY.length);
  }

  @Test
  void aCorruptRecordIsAMissIsRemovedAndIsRepairedByTheNextPut() throws IOException {
    put(store(cache()));
    Files.writeString(record(), "not a record");

    TieredActionStore store = store(cache());
    assertThat(store.get(ACTION)).isEmpty();
    assertThat(record()).doesNotExist();

    put(store);
    assertThat(store.get(ACTION)).isPresent();
    assertThat(store(cache()).get(ACTION)).isPresent();
  }

  @Test
  void aTruncatedOutputIsAMissIsRemovedAndIsRepairedByTheNextPut() throws IOException {
    Path path = put(store(cache()));
    Files.write(path, new byte[] {'c'});

    TieredActionStore store = store(cache());
    assertThat(store.get(ACTION)).isEmpty();
    assertThat(path).doesNotExist();

    put(store);
    assertThat(store.get(ACTION)).isPresent();
    assertThat(Files.readAllBytes(path)).isEqualTo(BODY);
  }

  @Test
  void anOutputWithTheRightSizeButOtherBytesIsAMissAndIsRemoved() throws IOException {
    Path path = put(store(cache()));
    byte[] other = BODY.clone();
    other[0] ^= 1;
    Files.write(path, other);

    assertThat(store(cache()).get(ACTION)).isEmpty();
    assertThat(path).doesNotExist();
  }

  @Test
  void anIntactOutputWithNewStatDataIsHashedAndStillAHit() throws IOException {
    Path path = put(store(cache()));
    Files.setLastModifiedTime(path, FileTime.fromMillis(0));

    Optional<ActionStore.Entry> hit = store(cache()).get(ACTION);

    assertThat(hit).isPresent();
    assertThat(hit.get().diskPath()).isEqualTo(path);
    assertThat(Files.readAllBytes(path)).isEqualTo(BODY);
  }

  @Test
  void aBodyOfTheWrongSizeIsRejectedAndStoresNothing() throws IOException {
    TieredActionStore store = store(cache());

    assertThatThrownBy(
            () -> store.put(ACTION, OUTPUT_ID, BODY.length + 1, new ByteArrayInputStream(BODY)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("has " + BODY.length + " bytes, not " + (BODY.length + 1));

    assertThat(store.get(ACTION)).isEmpty();
    assertThat(record()).doesNotExist();
    assertThat(blobs()).isEmpty();
  }

  @Test
  void aBodyWhoseHashIsNotItsOutputIdIsRejectedAndStoresNothing() throws IOException {
    TieredActionStore store = store(cache());
    byte[] other = BODY.clone();
    other[0] ^= 1;

    assertThatThrownBy(
            () -> store.put(ACTION, OUTPUT_ID, other.length, new ByteArrayInputStream(other)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("SHA-256")
        .hasMessageContaining(HexFormat.of().formatHex(OUTPUT_ID));

    assertThat(store.get(ACTION)).isEmpty();
    assertThat(record()).doesNotExist();
    assertThat(blobs()).isEmpty();
  }

  @Test
  void twoActionsWithTheSameOutputShareOneFile() throws IOException {
    TieredActionStore store = store(cache());
    Path a = put(store);
    Path b = store.put(id(2), OUTPUT_ID, BODY.length, new ByteArrayInputStream(BODY));

    assertThat(a).isEqualTo(b);
    assertThat(store.get(id(2))).isPresent();
    assertThat(blobs()).containsExactly(a);
  }

  @Test
  void everyActionGoAskedAboutOrStoredIsListedInTheOrderItFirstDid() throws IOException {
    TieredActionStore store = store(cache());
    store.get(id(3));
    put(store);
    store.get(id(3));
    store.get(ACTION);

    assertThat(store.asked())
        .containsExactly(HexFormat.of().formatHex(id(3)), HexFormat.of().formatHex(ACTION));
  }

  private static byte[] id(int n) {
    byte[] id = new byte[32];
    id[0] = (byte) n;
    id[31] = (byte) 0xfb;
    return id;
  }

  private static byte[] sha256(byte[] body) {
    return HexFormat.of().parseHex(Digest.sha256Of(body).hex());
  }
}
