package dev.slipway.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprinterTest {
  @TempDir Path tmp;

  private Path module(Path dir) throws Exception {
    Files.createDirectories(dir.resolve("cmd/app"));
    Files.writeString(dir.resolve("go.mod"), "module example.com/app\n\ngo 1.22\n");
    Files.writeString(
        dir.resolve("cmd/app/main.go"), "package main\n\nfunc main() { println(\"hi\") }\n");
    Files.writeString(dir.resolve("README.md"), "# app\n");
    return dir;
  }

  private static Digest key(Path root) throws Exception {
    return key(root, Set.of());
  }

  private static Digest key(Path root, Set<Path> excluded) throws Exception {
    return Fingerprinter.compute(List.of(root), excluded, Map.of("flag", "x")).orElseThrow().key();
  }

  @Test
  void theSameTreeInTwoDirectoriesWithDifferentMtimesHasTheSameFileLines() throws Exception {
    Path a = module(tmp.resolve("a"));
    Path b = module(tmp.resolve("b"));
    Files.setLastModifiedTime(
        b.resolve("cmd/app/main.go"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
    Files.setLastModifiedTime(b.resolve("go.mod"), FileTime.from(Instant.EPOCH));

    List<String> linesA = TreeHasher.hash(a, IgnoreRules.none(), Set.of());
    List<String> linesB = TreeHasher.hash(b, IgnoreRules.none(), Set.of());

    assertThat(linesA).hasSize(3).isEqualTo(linesB);
    assertThat(linesA).anyMatch(l -> l.startsWith("cmd/app/main.go\t-\t"));
  }

  @Test
  void fileHashesNameEveryRegularFileByAbsolutePathAndSkipLinks() throws Exception {
    Path root = module(tmp.resolve("m"));
    Files.createSymbolicLink(root.resolve("link.go"), root.resolve("cmd/app/main.go"));
    Map<Path, String> hashes =
        Fingerprinter.compute(List.of(root), Set.of(), Map.of()).orElseThrow().fileHashes();
    Path main = root.resolve("cmd/app/main.go").toAbsolutePath();
    assertThat(hashes)
        .containsOnlyKeys(
            main,
            root.resolve("go.mod").toAbsolutePath(),
            root.resolve("README.md").toAbsolutePath());
    assertThat(hashes.get(main)).isEqualTo(Digest.sha256Of(Files.readAllBytes(main)).hex());
  }

  @Test
  void touchingAFileWithoutChangingItKeepsTheKey() throws Exception {
    Path root = module(tmp.resolve("m"));
    Digest before = key(root);
    Files.setLastModifiedTime(root.resolve("cmd/app/main.go"), FileTime.from(Instant.now()));
    assertThat(key(root)).isEqualTo(before);
  }

  @Test
  void changingOneByteOfAGoFileChangesTheKey() throws Exception {
    Path root = module(tmp.resolve("m"));
    Digest before = key(root);
    Files.writeString(
        root.resolve("cmd/app/main.go"), "package main\n\nfunc main() { println(\"ho\") }\n");
    assertThat(key(root)).isNotEqualTo(before);
  }

  @Test
  void makingAFileExecutableChangesTheKey() throws Exception {
    Path root = module(tmp.resolve("m"));
    Digest before = key(root);
    assertThat(root.resolve("README.md").toFile().setExecutable(true)).isTrue();
    assertThat(key(root)).isNotEqualTo(before);
  }

  @Test
  void aChangedSettingChangesTheKey() throws Exception {
    Path root = module(tmp.resolve("m"));
    Digest x = Fingerprinter.compute(List.of(root), Set.of(), Map.of("flag", "x")).get().key();
    Digest y = Fingerprinter.compute(List.of(root), Set.of(), Map.of("flag", "y")).get().key();
    assertThat(x).isNotEqualTo(y);
  }

  @Test
  void filesUnderGitDoNotChangeTheKey() throws Exception {
    Path root = module(tmp.resolve("m"));
    Files.createDirectories(root.resolve(".git/refs"));
    Files.writeString(root.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    Digest before = key(root);
    Files.writeString(root.resolve(".git/HEAD"), "ref: refs/heads/other\n");
    Files.writeString(root.resolve(".git/refs/new"), "x");
    assertThat(key(root)).isEqualTo(before);
  }

  @Test
  void filesOfANestedModuleDoNotChangeTheKey() throws Exception {
    Path root = module(tmp.resolve("m"));
    Path nested = root.resolve("tools/gen");
    Files.createDirectories(nested);
    Files.writeString(nested.resolve("go.mod"), "module example.com/gen\n");
    Files.writeString(nested.resolve("main.go"), "package main\n");
    Digest before = key(root);
    Files.writeString(nested.resolve("main.go"), "package main\n\nfunc main() {}\n");
    Files.writeString(nested.resolve("extra.go"), "package main\n");
    assertThat(key(root)).isEqualTo(before);
  }

  @Test
  void slipwayIgnoredPathsDoNotChangeTheKey() throws Exception {
    Path root = module(tmp.resolve("m"));
    Files.writeString(root.resolve(".slipwayignore"), "# docs\n*.md\ndocs/\n");
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(root.resolve("docs/guide.txt"), "one");
    Digest before = key(root);
    Files.writeString(root.resolve("README.md"), "# changed\n");
    Files.writeString(root.resolve("docs/guide.txt"), "two");
    Files.writeString(root.resolve("cmd/app/NOTES.md"), "new");
    assertThat(key(root)).isEqualTo(before);
  }

  @Test
  void theExcludedOutputDirectoryDoesNotChangeTheKey() throws Exception {
    Path root = module(tmp.resolve("m"));
    Path out = root.resolve("build/oci");
    Files.createDirectories(out);
    Set<Path> excluded = Set.of(out.toAbsolutePath().normalize());
    Digest before = key(root, excluded);
    Files.writeString(out.resolve("index.json"), "{}");
    Files.createDirectories(out.resolve("blobs/sha256"));
    Files.writeString(out.resolve("blobs/sha256/abc"), "blob");
    assertThat(key(root, excluded)).isEqualTo(before);
  }

  @Test
  void anExcludedOutputFileDoesNotChangeTheKey() throws Exception {
    Path root = module(tmp.resolve("m"));
    Path tarball = root.resolve("image.tar");
    Set<Path> excluded = Set.of(tarball.toAbsolutePath().normalize());
    Digest before = key(root, excluded);
    Files.writeString(tarball, "tar bytes");
    assertThat(key(root, excluded)).isEqualTo(before);
  }

  @Test
  void aChangeInALocalReplaceDirectoryChangesTheKey() throws Exception {
    Path app = module(tmp.resolve("app"));
    Path lib = tmp.resolve("lib");
    Files.createDirectories(lib);
    Files.writeString(lib.resolve("go.mod"), "module example.com/lib\n");
    Files.writeString(lib.resolve("lib.go"), "package lib\n\nconst V = 1\n");
    Files.writeString(
        app.resolve("go.mod"),
        """
        module example.com/app

        go 1.22

        require example.com/lib v0.0.0

        replace example.com/lib => ../lib
        """);
    Digest before = key(app);
    Files.writeString(lib.resolve("lib.go"), "package lib\n\nconst V = 2\n");
    assertThat(key(app)).isNotEqualTo(before);
  }

  @Test
  void localReplacesAreFoundInLinesAndBlocksButNotForModulePaths() throws Exception {
    Path app = tmp.resolve("app");
    Files.createDirectories(app);
    Files.writeString(
        app.resolve("go.mod"),
        """
        module example.com/app

        replace example.com/a => ../a // local
        replace (
        \texample.com/b v1.0.0 => "./vendor/b"
        \texample.com/c => example.com/fork/c v1.2.3
        )
        """);
    assertThat(LocalReplaces.of(app))
        .containsExactly(tmp.resolve("a").normalize(), app.resolve("vendor/b"));
  }

  @Test
  void aGoWorkAboveTheModuleGivesNoFingerprint() throws Exception {
    Path root = module(tmp.resolve("ws/m"));
    Files.writeString(tmp.resolve("ws/go.work"), "go 1.22\n\nuse ./m\n");
    Optional<Fingerprint> fp = Fingerprinter.compute(List.of(root), Set.of(), Map.of());
    assertThat(fp).isEmpty();
  }

  @Test
  void withoutAGoWorkThereIsAFingerprintWithItsLines() throws Exception {
    Path root = module(tmp.resolve("m"));
    Optional<Fingerprint> fp = Fingerprinter.compute(List.of(root), Set.of(), Map.of("k", "v"));
    assertThat(fp).isPresent();
    assertThat(fp.get().lines()).contains("setting\tk\tv").anyMatch(l -> l.startsWith("file\t"));
  }
}
