package dev.slipway.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.ModuleVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoModCacheTest {
  private static final ModuleVersion MV = new ModuleVersion("example.com/Upper/lib", "v1.2.0");
  private static final Map<String, String> FILES =
      Map.of(
          "go.mod", "module example.com/Upper/lib\n\ngo 1.21\n",
          "lib.go", "package lib\n\nconst Name = \"lib\"\n",
          "internal/deep/deep.go", "package deep\n",
          "templates/index.html", "<p>{{.}}</p>\n");

  @TempDir Path dir;

  private Path zip() {
    return Fixtures.moduleZip(dir.resolve("lib.zip"), MV, FILES);
  }

  private Path modCache() {
    return dir.resolve("gomodcache");
  }

  private Path download(String ext) {
    return modCache().resolve("cache/download/example.com/!upper/lib/@v/v1.2.0." + ext);
  }

  @Test
  void leavesTheTreeZipAndZiphashAsGoDoes() throws Exception {
    Path zip = zip();
    String hash = ModuleZip.check(zip, MV);
    GoModCache cache = new GoModCache(modCache(), false);

    assertThat(cache.unpack(MV, zip, hash)).isEqualTo(GoModCache.Outcome.UNPACKED);

    Path tree = modCache().resolve("example.com/!upper/lib@v1.2.0");
    assertThat(cache.tree(MV)).isEqualTo(tree);
    for (Map.Entry<String, String> f : FILES.entrySet()) {
      Path file = tree.resolve(f.getKey());
      assertThat(file).hasContent(f.getValue());
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("r--r--r--");
    }
    for (Path d : List.of(tree, tree.resolve("internal"), tree.resolve("internal/deep"))) {
      assertThat(Files.getPosixFilePermissions(d)).doesNotContainAnyElementsOf(writeBits());
    }
    assertThat(download("ziphash")).hasContent(hash);
    assertThat(Files.readString(download("ziphash"))).doesNotEndWith("\n");
    assertThat(download("zip")).hasSameBinaryContentAs(zip);
    assertThat(listing(download("zip").getParent()))
        .containsExactlyInAnyOrder("v1.2.0.zip", "v1.2.0.ziphash");
    assertThat(listing(modCache().resolve("cache/slipway-unpack"))).isEmpty();
    assertThat(cache.wants(MV)).isFalse();
  }

  @Test
  void keepsDirectoriesWritableUnderModcacherw() throws Exception {
    Path zip = zip();
    new GoModCache(modCache(), true).unpack(MV, zip, ModuleZip.check(zip, MV));

    Path tree = modCache().resolve("example.com/!upper/lib@v1.2.0");
    assertThat(Files.getPosixFilePermissions(tree)).contains(PosixFilePermission.OWNER_WRITE);
    assertThat(Files.getPosixFilePermissions(tree.resolve("internal/deep")))
        .contains(PosixFilePermission.OWNER_WRITE);
    assertThat(Files.getPosixFilePermissions(tree.resolve("lib.go")))
        .doesNotContainAnyElementsOf(writeBits());
  }

  @Test
  void contentThatGoSumDoesNotVouchForLeavesNothingBehind() throws Exception {
    Path zip = zip();
    String other = "h1:" + "A".repeat(43) + "=";
    GoModCache cache = new GoModCache(modCache(), false);

    assertThatThrownBy(() -> cache.unpack(MV, zip, other))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining(MV.toString());

    assertThat(cache.tree(MV)).doesNotExist();
    assertThat(listing(download("zip").getParent())).isEmpty();
    assertThat(listing(modCache().resolve("cache/slipway-unpack"))).isEmpty();
    assertThat(cache.wants(MV)).isTrue();
  }

  @Test
  void aHostileZipIsRefusedAndWritesNothingOutside() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(
        "example.com/Upper/lib@v1.2.0/go.mod", Fixtures.utf8("module example.com/Upper/lib\n"));
    entries.put("example.com/Upper/lib@v1.2.0/../../../escaped.txt", Fixtures.utf8("boom"));
    Path zip = Fixtures.zip(dir.resolve("evil.zip"), entries);
    GoModCache cache = new GoModCache(modCache(), false);

    assertThatThrownBy(() -> cache.unpack(MV, zip, "h1:whatever"))
        .isInstanceOf(ModuleRejectedException.class)
        .hasMessageContaining("escaped.txt");

    assertThat(cache.tree(MV)).doesNotExist();
    try (Stream<Path> all = Files.walk(dir)) {
      assertThat(all.map(p -> p.getFileName().toString())).doesNotContain("escaped.txt");
    }
    assertThat(listing(modCache().resolve("cache/slipway-unpack"))).isEmpty();
  }

  @Test
  void aVersionGoHasBegunIsLeftToGo() throws Exception {
    Files.createDirectories(download("lock").getParent());
    Files.createFile(download("lock"));
    Path zip = zip();
    GoModCache cache = new GoModCache(modCache(), false);

    assertThat(cache.wants(MV)).isFalse();
    assertThat(cache.unpack(MV, zip, ModuleZip.check(zip, MV)))
        .isEqualTo(GoModCache.Outcome.LEFT_TO_GO);
    assertThat(cache.tree(MV)).doesNotExist();
    assertThat(listing(download("lock").getParent())).containsExactly("v1.2.0.lock");
  }

  @Test
  void aTreeGoAlreadyHasIsLeftAlone() throws Exception {
    GoModCache cache = new GoModCache(modCache(), false);
    Files.createDirectories(cache.tree(MV));
    Files.writeString(cache.tree(MV).resolve("mine.go"), "package mine\n");
    Path zip = zip();

    assertThat(cache.unpack(MV, zip, ModuleZip.check(zip, MV)))
        .isEqualTo(GoModCache.Outcome.PRESENT);
    assertThat(listing(cache.tree(MV))).containsExactly("mine.go");
    assertThat(download("ziphash")).doesNotExist();
  }

  /**
   * go's request for a zip being unpacked waits until the tree, zip and ziphash are all there, so
   * go never extracts over a tree about to appear. The zip is a FIFO, so the unpack stays in
   * progress until the test writes the zip into it.
   */
  @Test
  void aZipRequestWaitsForTheUnpackUnderWayAndThenFindsItComplete() throws Exception {
    Path real = zip();
    String hash = ModuleZip.check(real, MV);
    Path fifo = dir.resolve("zip.fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    GoModCache cache = new GoModCache(modCache(), false);
    var unpack =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return cache.unpack(MV, fifo, hash);
              } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
    java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
    while (!cache.unpacking(MV) && java.time.Instant.now().isBefore(deadline)) {
      Thread.onSpinWait(); // polling for a condition: the unpack announced
    }
    assertThat(cache.unpacking(MV)).isTrue();
    boolean[] completeWhenReleased = new boolean[1];
    Thread asker =
        new Thread(
            () -> {
              cache.awaitUnpack(MV);
              completeWhenReleased[0] =
                  Files.isDirectory(cache.tree(MV)) && Files.exists(download("ziphash"));
            });
    asker.start();
    while (asker.getState() != Thread.State.WAITING
        && asker.getState() != Thread.State.TERMINATED
        && java.time.Instant.now().isBefore(deadline)) {
      Thread.onSpinWait(); // polling for a condition: the asker blocked (or, if broken, done)
    }
    Files.write(fifo, Files.readAllBytes(real)); // opens the FIFO's writing end; the unpack reads
    assertThat(unpack.get()).isEqualTo(GoModCache.Outcome.UNPACKED);
    asker.join();
    assertThat(completeWhenReleased[0]).isTrue();
    assertThat(cache.unpacking(MV)).isFalse();
  }

  @Test
  void readsModcacherwFromGoflagsAsGoDoes() {
    assertThat(GoModCache.modCacheRw("")).isFalse();
    assertThat(GoModCache.modCacheRw("-mod=mod -modcacherw")).isTrue();
    assertThat(GoModCache.modCacheRw("--modcacherw")).isTrue();
    assertThat(GoModCache.modCacheRw("-modcacherw=true -trimpath")).isTrue();
    assertThat(GoModCache.modCacheRw("-modcacherw -modcacherw=false")).isFalse();
    assertThat(GoModCache.modCacheRw("-modcacherwx")).isFalse();
  }

  private static Set<PosixFilePermission> writeBits() {
    return Set.of(
        PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.OTHERS_WRITE);
  }

  private static List<String> listing(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
