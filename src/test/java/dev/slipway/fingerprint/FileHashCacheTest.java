package dev.slipway.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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

  @Test
  void anOldFileWithUnchangedStatIsServedFromTheCacheWithoutReadingIt() throws Exception {
    Instant old = Instant.parse("2020-01-01T00:00:00.123456789Z");
    Path f = file("abc", old);
    FileHashCache first = FileHashCache.load(cacheDir, tree);
    assertThat(first.hash(f, "main.go")).isEqualTo("-\t" + SHA_OF_ABC);
    first.save();

    // Same size, same inode, mtime put back: stat cannot tell, so the cached hash is used.
    file("xyz", old);
    assertThat(FileHashCache.load(cacheDir, tree).hash(f, "main.go")).isEqualTo("-\t" + SHA_OF_ABC);
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
    FileHashCache first = FileHashCache.load(cacheDir, tree);
    first.hash(f, "main.go");
    first.save();

    file("xyz", Instant.parse("2020-01-01T00:00:01Z"));
    assertThat(FileHashCache.load(cacheDir, tree).hash(f, "main.go")).isEqualTo("-\t" + SHA_OF_XYZ);
    file("xyzw", Instant.parse("2020-01-01T00:00:00Z"));
    assertThat(FileHashCache.load(cacheDir, tree).hash(f, "main.go")).endsWith("\t" + sha("xyzw"));
  }

  @Test
  void theExecutableBitIsPartOfTheAnswer() throws Exception {
    Path f = file("abc", Instant.parse("2020-01-01T00:00:00Z"));
    FileHashCache cache = FileHashCache.load(cacheDir, tree);
    cache.hash(f, "main.go");
    cache.save();
    f.toFile().setExecutable(true, true);
    assertThat(FileHashCache.load(cacheDir, tree).hash(f, "main.go")).isEqualTo("x\t" + SHA_OF_ABC);
  }

  @Test
  void aCorruptCacheFileIsAnEmptyCache() throws Exception {
    Path f = file("abc", Instant.parse("2020-01-01T00:00:00Z"));
    FileHashCache cache = FileHashCache.load(cacheDir, tree);
    cache.hash(f, "main.go");
    cache.save();
    try (var files = Files.walk(cacheDir.resolve("filehash"))) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        Files.write(p, new byte[] {(byte) 0xff, (byte) 0xfe, '\n', 1, 2});
      }
    }
    assertThat(FileHashCache.load(cacheDir, tree).hash(f, "main.go")).isEqualTo("-\t" + SHA_OF_ABC);
  }

  private static String sha(String s) {
    return dev.slipway.core.Digest.sha256Of(s.getBytes(StandardCharsets.UTF_8)).hex();
  }
}
