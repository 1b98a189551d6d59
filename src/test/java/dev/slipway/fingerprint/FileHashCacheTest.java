package dev.slipway.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileHashCacheTest {
  private static final String SHA_OF_ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String SHA_OF_XYZ =
      "3608bca1e44ea6c4d268eb6db02260269892c0b42b86bbf1e77a6fa16c3c9282";

  @TempDir Path tree;
  @TempDir Path cacheDir;

  private Path file(String content, Instant mtime) throws Exception {
    Path f = tree.resolve("main.go");
    Files.writeString(f, content, StandardCharsets.UTF_8);
    Files.setLastModifiedTime(f, FileTime.from(mtime));
    return f;
  }

  /** As a later build sees the cache: long enough after every write that nothing is racy. */
  private FileHashCache later() throws Exception {
    return FileHashCache.load(
        cacheDir, tree, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));
  }

  @Test
  void anUnchangedFileIsServedFromTheCacheWithoutReadingIt() throws Exception {
    Path f = file("abc", Instant.parse("2020-01-01T00:00:00.123456789Z"));
    FileHashCache first = later();
    assertThat(first.hash(f, "main.go")).isEqualTo("-\t" + SHA_OF_ABC);
    first.save();

    // The remembered hash is what comes back (here a false one, put in the cache file), so the
    // file was not read: its stat data alone matched.
    replaceInCacheFile(SHA_OF_ABC, SHA_OF_XYZ);
    assertThat(later().hash(f, "main.go")).isEqualTo("-\t" + SHA_OF_XYZ);
  }

  @Test
  void newContentWithTheOldSizeAndMtimePutBackIsHashedAgain() throws Exception {
    Instant old = Instant.parse("2020-01-01T00:00:00.123456789Z");
    Path f = file("abc", old);
    FileHashCache first = later();
    assertThat(first.hash(f, "main.go")).isEqualTo("-\t" + SHA_OF_ABC);
    first.save();

    // Same size, same inode, mtime put back with touch -d: only ctime, which the kernel set on
    // the write and no user can set, tells the file changed.
    Thread.sleep(10); // past the clock tick of the first write, so the ctime differs
    file("xyz", old);
    Process touch =
        new ProcessBuilder("touch", "-d", old.toString(), f.toString()).inheritIO().start();
    assertThat(touch.waitFor()).isZero();
    assertThat(Files.getLastModifiedTime(f).toInstant()).isEqualTo(old);

    assertThat(later().hash(f, "main.go")).isEqualTo("-\t" + SHA_OF_XYZ);
  }

  @Test
  void aFileWhoseCtimeIsRecentIsNotCachedEvenWithAnOldMtime() throws Exception {
    Path f = file("abc", Instant.parse("2020-01-01T00:00:00Z"));
    FileHashCache first = FileHashCache.load(cacheDir, tree); // now: the ctime is this second's
    first.hash(f, "main.go");
    first.save();

    assertThat(cacheFileText()).doesNotContain(SHA_OF_ABC);
  }

  private String cacheFileText() throws Exception {
    Path filehash = cacheDir.resolve("filehash");
    if (!Files.isDirectory(filehash)) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    try (var files = Files.list(filehash)) {
      for (Path p : files.toList()) {
        text.append(Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return text.toString();
  }

  private void replaceInCacheFile(String from, String to) throws Exception {
    try (var files = Files.list(cacheDir.resolve("filehash"))) {
      for (Path p : files.toList()) {
        String text = Files.readString(p, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        Files.writeString(p, text.replace(from, to), StandardCharsets.UTF_8);
      }
    }
  }

  @Test
  void aFileChangedInTheLastSecondsIsNeverCached() throws Exception {
    Instant recent = Instant.now();
    Path f = file("abc", recent);
    FileHashCache first = FileHashCache.load(cacheDir, tree);
    first.hash(f, "main.go");
    first.save();

    file("xyz", recent);
    assertThat(FileHashCache.load(cacheDir, tree).hash(f, "main.go")).isEqualTo("-\t" + SHA_OF_XYZ);
  }

  @Test
  void aNewMtimeOrSizeMeansTheFileIsHashedAgain() throws Exception {
    Path f = file("abc", Instant.parse("2020-01-01T00:00:00Z"));
    FileHashCache first = later();
    first.hash(f, "main.go");
    first.save();
    assertThat(cacheFileText()).contains(SHA_OF_ABC);

    file("xyz", Instant.parse("2020-01-01T00:00:01Z"));
    assertThat(later().hash(f, "main.go")).isEqualTo("-\t" + SHA_OF_XYZ);
    file("xyzw", Instant.parse("2020-01-01T00:00:00Z"));
    assertThat(later().hash(f, "main.go")).endsWith("\t" + sha("xyzw"));
  }

  @Test
  void theExecutableBitIsPartOfTheAnswer() throws Exception {
    Path f = file("abc", Instant.parse("2020-01-01T00:00:00Z"));
    FileHashCache cache = later();
    cache.hash(f, "main.go");
    cache.save();
    f.toFile().setExecutable(true, true);
    assertThat(later().hash(f, "main.go")).isEqualTo("x\t" + SHA_OF_ABC);
  }

  @Test
  void aCorruptCacheFileIsAnEmptyCache() throws Exception {
    Path f = file("abc", Instant.parse("2020-01-01T00:00:00Z"));
    FileHashCache cache = later();
    cache.hash(f, "main.go");
    cache.save();
    assertThat(cacheFileText()).contains(SHA_OF_ABC);
    try (var files = Files.walk(cacheDir.resolve("filehash"))) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        Files.write(p, new byte[] {(byte) 0xff, (byte) 0xfe, '\n', 1, 2});
      }
    }
    assertThat(later().hash(f, "main.go")).isEqualTo("-\t" + SHA_OF_ABC);
  }

  private static String sha(String s) {
    return dev.slipway.core.Digest.sha256Of(s.getBytes(StandardCharsets.UTF_8)).hex();
  }
}
