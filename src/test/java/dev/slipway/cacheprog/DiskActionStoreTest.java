package dev.slipway.cacheprog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskActionStoreTest {
  @TempDir Path dir;

  private static final byte[] BODY = "compiled package\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ACTION = Requests.id(1);

  private Path put(DiskActionStore store) throws IOException {
    return store.put(ACTION, Requests.sha256(BODY), BODY.length, new ByteArrayInputStream(BODY));
  }

  private Path record() {
    return dir.resolve("a").resolve(HexFormat.of().formatHex(ACTION));
  }

  @Test
  void aPutIsAHitForANewStoreOnTheSameDirectory() throws IOException {
    Path path = put(new DiskActionStore(dir));
    Optional<ActionStore.Entry> hit = new DiskActionStore(dir).get(ACTION);
    assertThat(hit).isPresent();
    assertThat(hit.get().diskPath()).isEqualTo(path);
    assertThat(hit.get().outputId()).isEqualTo(Requests.sha256(BODY));
    assertThat(path.getFileName().toString())
        .isEqualTo(HexFormat.of().formatHex(Requests.sha256(BODY)));
  }

  @Test
  void statsCountGetsHitsMissesPutsAndBytes() throws IOException {
    DiskActionStore store = new DiskActionStore(dir);
    store.get(ACTION);
    put(store);
    store.get(ACTION);
    assertThat(store.stats()).isEqualTo(new DiskActionStore.Stats(2, 1, 1, 1, BODY.length));
  }

  @Test
  void aCorruptRecordIsAMissAndIsRepairedByTheNextPut() throws IOException {
    put(new DiskActionStore(dir));
    Files.writeString(record(), "not a record");
    DiskActionStore store = new DiskActionStore(dir);
    assertThat(store.get(ACTION)).isEmpty();
    assertThat(record()).doesNotExist();
    put(store);
    assertThat(store.get(ACTION)).isPresent();
  }

  @Test
  void aTruncatedOutputIsAMissIsRemovedAndIsRepairedByTheNextPut() throws IOException {
    Path path = put(new DiskActionStore(dir));
    Files.write(path, new byte[] {'c'});
    DiskActionStore store = new DiskActionStore(dir);
    assertThat(store.get(ACTION)).isEmpty();
    assertThat(path).doesNotExist();
    put(store);
    assertThat(store.get(ACTION)).isPresent();
    assertThat(Files.readAllBytes(path)).isEqualTo(BODY);
  }

  @Test
  void anOutputWithTheRightSizeButOtherBytesIsAMiss() throws IOException {
    Path path = put(new DiskActionStore(dir));
    byte[] other = BODY.clone();
    other[0] ^= 1;
    Files.write(path, other);
    assertThat(new DiskActionStore(dir).get(ACTION)).isEmpty();
    assertThat(path).doesNotExist();
  }

  @Test
  void anIntactOutputWithNewStatDataIsHashedAndStillAHit() throws IOException {
    Path path = put(new DiskActionStore(dir));
    Files.setLastModifiedTime(path, FileTime.fromMillis(0));
    assertThat(new DiskActionStore(dir).get(ACTION)).isPresent();
    assertThat(Files.readAllBytes(path)).isEqualTo(BODY);
  }

  @Test
  void aBodyOfTheWrongSizeIsRejectedAndStoresNothing() throws IOException {
    DiskActionStore store = new DiskActionStore(dir);
    assertThatThrownBy(
            () ->
                store.put(
                    ACTION, Requests.sha256(BODY), BODY.length + 1, new ByteArrayInputStream(BODY)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("BodySize");
    assertThat(store.get(ACTION)).isEmpty();
    try (var files = Files.list(dir.resolve("o"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void twoActionsWithTheSameOutputShareOneFile() throws IOException {
    DiskActionStore store = new DiskActionStore(dir);
    Path a = put(store);
    Path b =
        store.put(
            Requests.id(2), Requests.sha256(BODY), BODY.length, new ByteArrayInputStream(BODY));
    assertThat(a).isEqualTo(b);
    assertThat(store.get(Requests.id(2))).isPresent();
  }
}
