package dev.slipway.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.ModuleVersion;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleZipTest {
  private static final ModuleVersion MV = new ModuleVersion("example.com/Hostile", "v1.0.0");
  private static final String PREFIX = "example.com/Hostile@v1.0.0/";

  @TempDir Path dir;

  private Path zipOf(String... namesThenContents) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < namesThenContents.length; i += 2) {
      entries.put(namesThenContents[i], Fixtures.utf8(namesThenContents[i + 1]));
    }
    return Fixtures.zip(dir.resolve("m" + entries.hashCode() + ".zip"), entries);
  }

  private void assertRejected(Path zip, String entry, String why) {
    assertRejected(zip, ModuleZip.Limits.GO, entry, why);
  }

  private void assertRejected(Path zip, ModuleZip.Limits limits, String entry, String why) {
    assertThatThrownBy(() -> ModuleZip.check(zip, MV, limits))
        .isInstanceOf(ModuleRejectedException.class)
        .hasMessageContaining("example.com/Hostile@v1.0.0")
        .hasMessageContaining(entry)
        .hasMessageContaining(why)
        .hasMessageContaining("nothing was admitted");
  }

  @Test
  void aWellFormedZipPassesAndYieldsItsH1() throws Exception {
    Path zip = zipOf(PREFIX + "go.mod", "module example.com/Hostile\n", PREFIX + "a/b.go", "x");
    assertThat(ModuleZip.check(zip, MV)).isEqualTo(Hash1.ofZip(zip));
  }

  @Test
  void traversalOutOfTheModuleIsRejected() {
    assertRejected(zipOf(PREFIX + "../../x", "evil"), PREFIX + "../../x", "'..' element");
  }

  @Test
  void anAbsolutePathIsRejected() {
    assertRejected(zipOf("/etc/passwd", "evil"), "/etc/passwd", "does not start with");
    assertRejected(zipOf(PREFIX + "/etc/passwd", "evil"), PREFIX + "/etc/passwd", "absolute");
  }

  @Test
  void anEntryOutsideTheModulePrefixIsRejected() {
    // the prefix uses the module path as written, not its case-encoded form
    assertRejected(
        zipOf("example.com/!hostile@v1.0.0/go.mod", "module x\n"),
        "example.com/!hostile@v1.0.0/go.mod",
        "does not start with \"" + PREFIX + "\"");
  }

  @Test
  void namesThatDifferOnlyInCaseAreRejected() {
    assertRejected(
        zipOf(PREFIX + "README", "a", PREFIX + "readme", "b"),
        PREFIX + "readme",
        "case-insensitive file name collision");
    assertRejected(
        zipOf(PREFIX + "Dir/a.go", "a", PREFIX + "dir/b.go", "b"),
        PREFIX + "dir/b.go",
        "collision");
  }

  @Test
  void uncleanOrBadlyCharacteredNamesAreRejected() {
    assertRejected(zipOf(PREFIX + "a//b", "x"), PREFIX + "a//b", "empty element");
    assertRejected(zipOf(PREFIX + "./a", "x"), PREFIX + "./a", "'.' element");
    assertRejected(zipOf(PREFIX + "a\\b", "x"), PREFIX + "a\\b", "backslash");
    assertRejected(zipOf(PREFIX + "it's", "x"), PREFIX + "it's", "invalid char U+0027");
    assertRejected(zipOf(PREFIX + "a*b", "x"), PREFIX + "a*b", "invalid char U+002A");
    assertRejected(zipOf(PREFIX + "aux.go", "x"), PREFIX + "aux.go", "reserved Windows name");
  }

  @Test
  void goModBelowTheRootIsRejected() {
    assertRejected(zipOf(PREFIX + "sub/go.mod", "module y\n"), PREFIX + "sub/go.mod", "not in");
  }

  @Test
  void anOversizeGoModIsRejected() {
    ModuleZip.Limits small = new ModuleZip.Limits(1 << 20, 1 << 20, 100, 100);
    assertRejected(zipOf(PREFIX + "go.mod", "m".repeat(200)), small, PREFIX + "go.mod", "limit");
  }

  @Test
  void contentOverTheTotalLimitIsRejected() {
    ModuleZip.Limits small = new ModuleZip.Limits(1 << 20, 1000, 100, 100);
    assertRejected(
        zipOf(PREFIX + "a", "a".repeat(600), PREFIX + "b", "b".repeat(600)),
        small,
        PREFIX + "b",
        "limit");
  }

  @Test
  void aZipBombDeclaringASmallSizeIsCaughtByCountingNotByHeaders() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      ZipEntry e = new ZipEntry(PREFIX + "bomb.txt");
      e.setMethod(ZipEntry.DEFLATED);
      out.putNextEntry(e);
      out.write(new byte[4 << 20]);
      out.closeEntry();
    }
    byte[] zip = bytes.toByteArray();
    patchCentralDirectorySize(zip, 10);
    Path file = Files.write(dir.resolve("bomb.zip"), zip);

    assertRejected(file, PREFIX + "bomb.txt", "uncompressed size differs from its header (10");
  }

  @Test
  void aSymlinkEntryIsRejected() throws Exception {
    Path file = dir.resolve("link.zip");
    try (OutputStream os = Files.newOutputStream(file);
        ZipArchiveOutputStream out = new ZipArchiveOutputStream(os)) {
      ZipArchiveEntry e = new ZipArchiveEntry(PREFIX + "passwd");
      e.setUnixMode(0120777);
      out.putArchiveEntry(e);
      out.write(Fixtures.utf8("/etc/passwd"));
      out.closeArchiveEntry();
    }
    assertRejected(file, PREFIX + "passwd", "symbolic link");
  }

  @Test
  void aFileThatIsNotAZipIsRejectedNamingTheModule() throws Exception {
    Path file = Files.writeString(dir.resolve("junk.zip"), "not a zip");
    assertThatThrownBy(() -> ModuleZip.check(file, MV))
        .isInstanceOf(ModuleRejectedException.class)
        .hasMessageContaining("example.com/Hostile@v1.0.0: not a valid module zip");
  }

  /** Sets the uncompressed size in every central directory header, as a bomb would claim. */
  private static void patchCentralDirectorySize(byte[] zip, int size) {
    for (int i = 0; i + 28 < zip.length; i++) {
      if (zip[i] == 0x50 && zip[i + 1] == 0x4b && zip[i + 2] == 0x01 && zip[i + 3] == 0x02) {
        zip[i + 24] = (byte) size;
        zip[i + 25] = 0;
        zip[i + 26] = 0;
        zip[i + 27] = 0;
      }
    }
  }
}
