package dev.slipway.layer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayerBuilderTest {
  @TempDir Path tmp;

  @Test
  void entriesAreSortedBytewiseWithParentsAdded() {
    LayerBuilder b =
        new LayerBuilder()
            .add(LayerEntry.file("/usr/share/z", 0644, new byte[0]))
            .add(LayerEntry.file("/app/hello", 0555, new byte[0]))
            .add(LayerEntry.file("/app-data", 0644, new byte[0]))
            .add(LayerEntry.file("/B", 0644, new byte[0]));

    assertThat(b.entries())
        .extracting(LayerEntry::path)
        .containsExactly("B", "app", "app-data", "app/hello", "usr", "usr/share", "usr/share/z");
    LayerEntry usr = b.entries().get(4);
    assertThat(usr.type()).isEqualTo(LayerEntry.Type.DIRECTORY);
    assertThat(usr.mode()).isEqualTo(0755);
    assertThat(usr.uid()).isZero();
  }

  @Test
  void explicitParentDirectoryIsKeptAsGiven() {
    LayerBuilder b =
        new LayerBuilder()
            .add(LayerEntry.directory("/home/nonroot/.cache", 0700).withOwner(7, 7))
            .add(LayerEntry.directory("/home/nonroot", 0700).withOwner(65532, 65532));
    assertThat(b.entries()).extracting(LayerEntry::uid).containsExactly(0, 65532, 7);
  }

  @Test
  void duplicatePathsAreRejected() {
    LayerBuilder b = new LayerBuilder().add(LayerEntry.directory("/tmp", 01777));
    assertThatThrownBy(() -> b.add(LayerEntry.directory("tmp", 0755)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate path in layer: /tmp");
  }

  @Test
  void entryInsideAFileIsRejected() {
    LayerBuilder b =
        new LayerBuilder()
            .add(LayerEntry.file("/a", 0644, new byte[0]))
            .add(LayerEntry.file("/a/b", 0644, new byte[0]));
    assertThatThrownBy(b::entries).hasMessageContaining("/a is not a directory");
  }

  @Test
  void tarRecordsExactModesOwnersAndMtimeAndNoNames() throws Exception {
    Path bin = Files.writeString(tmp.resolve("hello"), "binary");
    LayerBuilder b =
        BinaryLayer.entries("hello", bin)
            .add(LayerEntry.directory("/tmp", 01777))
            .add(LayerEntry.directory("/home/nonroot", 0700).withOwner(65532, 65532))
            .add(LayerEntry.symlink("/app/link", "hello"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    b.writeTar(out, Instant.ofEpochSecond(1_700_000_000L, 999));
    Map<String, Tars.Read> tar = Tars.read(out.toByteArray());

    assertThat(tar.keySet())
        .containsExactly("app/", "app/hello", "app/link", "home/", "home/nonroot/", "tmp/");
    TarArchiveEntry hello = tar.get("app/hello").entry();
    assertThat(hello.getMode()).isEqualTo(0555);
    assertThat(tar.get("app/hello").content()).asString().isEqualTo("binary");
    assertThat(tar.get("tmp/").entry().getMode()).isEqualTo(01777);
    assertThat(tar.get("tmp/").entry().isDirectory()).isTrue();
    assertThat(tar.get("home/nonroot/").entry().getLongUserId()).isEqualTo(65532);
    assertThat(tar.get("home/nonroot/").entry().getLongGroupId()).isEqualTo(65532);
    assertThat(tar.get("app/link").entry().isSymbolicLink()).isTrue();
    assertThat(tar.get("app/link").entry().getLinkName()).isEqualTo("hello");
    for (Tars.Read r : tar.values()) {
      TarArchiveEntry e = r.entry();
      assertThat(e.getLastModifiedTime()).isEqualTo(FileTime.fromMillis(1_700_000_000_000L));
      assertThat(e.getUserName()).isEmpty();
      assertThat(e.getGroupName()).isEmpty();
      assertThat(e.getExtraPaxHeaders()).isEmpty();
    }
  }

  @Test
  void longAndNonAsciiNamesUseOnlyPathPaxRecords() throws Exception {
    String longName = "/var/run/ko/" + "d".repeat(120) + "/caf\u00e9.txt";
    LayerBuilder b = new LayerBuilder().add(LayerEntry.file(longName, 0644, new byte[] {1}));
    byte[] tar = Tars.tar(b);

    assertThat(Tars.read(tar)).containsKey(longName.substring(1));
    String text = new String(tar, StandardCharsets.ISO_8859_1);
    assertThat(text).doesNotContain("atime=").doesNotContain("ctime=").doesNotContain("mtime=");
    // The PAX header blocks themselves: uname and gname (offsets 265..328) stay empty.
    int paxHeaders = 0;
    for (int off = 0; off + 512 <= tar.length; off += 512) {
      if (text.startsWith("./PaxHeaders", off) && tar[off + 156] == 'x') {
        paxHeaders++;
        assertThat(Arrays.copyOfRange(tar, off + 265, off + 329)).containsOnly(0);
      }
    }
    assertThat(paxHeaders).isEqualTo(2); // the long directory and the file in it
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void sameEntriesFromDifferentDirectoriesGiveIdenticalDigests(Compression c) throws Exception {
    Layer first = buildFrom(tmp.resolve("one"), "rw-------", 1_000_000L, c);
    Layer second = buildFrom(tmp.resolve("two"), "rwxrwxrwx", 2_000_000_000L, c);

    assertThat(second.diffId()).isEqualTo(first.diffId());
    assertThat(second.digest()).isEqualTo(first.digest());
    assertThat(second.size()).isEqualTo(first.size());
    assertThat(Files.readAllBytes(second.blob())).isEqualTo(Files.readAllBytes(first.blob()));
  }

  private Layer buildFrom(Path dir, String perms, long mtimeMillis, Compression c)
      throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Path bin = Files.write(src.resolve("svc"), "the same binary".repeat(1000).getBytes(UTF_8));
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString(perms));
    Files.setLastModifiedTime(bin, FileTime.fromMillis(mtimeMillis));
    LayerStore store = new LayerStore(dir.resolve("store"));
    return BinaryLayer.entries("svc", bin).build(store, c, Instant.ofEpochSecond(42));
  }

  @Test
  void gzipHeaderCarriesNoTimeNameOrHostOs() throws Exception {
    Layer layer =
        StaticBaseLayer.entries(new byte[] {1, 2, 3})
            .build(new LayerStore(tmp.resolve("store")), Compression.GZIP);
    byte[] head = new byte[10];
    System.arraycopy(Files.readAllBytes(layer.blob()), 0, head, 0, 10);
    assertThat(head).isEqualTo(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
  }

  @Test
  void mtimeBeforeTheEpochIsRejected() {
    LayerBuilder b = new LayerBuilder().add(LayerEntry.directory("/tmp", 01777));
    assertThatThrownBy(() -> b.diffId(Instant.ofEpochSecond(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void binaryNameMustBeOneComponent() {
    assertThatThrownBy(() -> BinaryLayer.entries("../x", tmp))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(BinaryLayer.entrypoint("hello")).isEqualTo("/app/hello");
  }
}
