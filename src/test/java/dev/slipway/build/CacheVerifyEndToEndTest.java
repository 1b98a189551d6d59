package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cache.LocalCache;
import dev.slipway.core.ModuleVersion;
import dev.slipway.modules.Expected;
import dev.slipway.modules.ModuleStore;
import dev.slipway.modules.StoredModule;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.ImageTools;
import dev.slipway.testing.OciLayouts;
import dev.slipway.testing.RegistryServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway cache verify} over every store under the cache directory: a real build with a
 * pulled base fills layers, base, bin and memo; actions and modules are filled through their
 * stores. One entry of each is damaged; verify removes and reports each, per store, with exit 1; a
 * second verify is clean, and the next build succeeds.
 */
@Tag("integration")
class CacheVerifyEndToEndTest {
  private static final ModuleVersion MODULE = new ModuleVersion("example.com/dep", "v1.0.0");
  private static RegistryServer registry;
  private static String base;

  @TempDir static Path goCaches;
  @TempDir Path tmp;

  @BeforeAll
  static void startRegistryWithBase(@TempDir Path dir) {
    registry = RegistryServer.start();
    base = registry.host() + "/bases/verify:1";
    OciLayouts.Base image =
        new OciLayouts.Base(Map.of("etc/marker", "m\n"), List.of("PATH=/bin"), Map.of(), "amd64");
    Path layout = OciLayouts.write(dir.resolve("base"), "1", image, false);
    ImageTools.run(
            null,
            "skopeo",
            "copy",
            "--dest-tls-verify=false",
            "oci:" + layout + ":1",
            "docker://" + base)
        .orFail("skopeo copy of the base");
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  private Path cache() {
    return tmp.resolve("cache");
  }

  private Slipway slipway() {
    return new Slipway(cache())
        .env("GOCACHE", goCaches.resolve("gocache").toString())
        .env("GOMODCACHE", goCaches.resolve("modcache").toString())
        .env("GOFLAGS", "-modcacherw");
  }

  private Slipway.Run build(String name, String... extra) {
    Path module = tmp.resolve("svc");
    if (!Files.exists(module)) {
      GoModules.service(module, "svc");
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "-C",
                module.toString(),
                "--base",
                base,
                "--oci-layout",
                tmp.resolve(name).toString()));
    args.addAll(List.of(extra));
    args.add("./cmd/svc");
    return slipway().build(tmp.resolve(name + ".json"), args.toArray(String[]::new)).ok();
  }

  /** A build, an action body, and a module: something in every store. */
  private StoredModule fillEveryStore() throws Exception {
    build("o1");
    new LocalCache(cache().resolve("actions"))
        .putBlob(new ByteArrayInputStream("an action body".getBytes(StandardCharsets.UTF_8)));
    byte[] mod = "module example.com/dep\n".getBytes(StandardCharsets.UTF_8);
    return new ModuleStore(cache()).admit(MODULE, null, mod, null, Expected.none(), true);
  }

  @Test
  void aCacheAfterABuildVerifiesCleanStoreByStore() throws Exception {
    fillEveryStore();
    Slipway.Run verify = slipway().run("cache", "verify");
    assertThat(verify.code()).as(verify.err()).isZero();
    assertThat(verify.out())
        .contains("actions: checked 1, removed 0")
        .contains("layers: checked ")
        .contains("base: checked 3, removed 0") // its manifest, config and layer
        .contains("memo: checked 1, removed 0")
        .contains("modules: removed 0")
        .doesNotContain("removed 1");
    assertThat(verify.out()).containsPattern("bin: checked [1-9]\\d*, removed 0");
  }

  @Test
  void oneDamagedEntryInEachStoreIsRemovedAndReportedAndTheNextBuildSucceeds() throws Exception {
    StoredModule module = fillEveryStore();
    Path binary = only(cache().resolve("bin"), "svc");
    flip(binary);
    flip(largest(cache().resolve("layers/blobs/sha256")));
    flip(largest(cache().resolve("base/blobs/sha256")));
    flip(only(cache().resolve("actions/blobs/sha256"), null));
    flip(new ModuleStore(cache()).blob(module.mod()));
    Path memo = only(cache().resolve("memo"), null);
    Files.writeString(memo, "slipway-memo 1\ngarbage\n");
    Path staleTemp = Files.writeString(cache().resolve("layers/tmp/layer-1.tmp"), "partial");
    Files.setLastModifiedTime(staleTemp, FileTime.from(Instant.now().minusSeconds(7200)));
    Path youngTemp = Files.writeString(cache().resolve("layers/tmp/layer-2.tmp"), "in progress");

    Slipway.Run verify = slipway().run("cache", "verify");

    assertThat(verify.code()).as(verify.out() + verify.err()).isEqualTo(1);
    assertThat(verify.err()).contains("damaged cache entries were removed");
    assertThat(verify.out())
        .contains("actions: checked 1, removed 1")
        .containsPattern("layers: checked \\d+, removed [12], cleaned 1 leftovers")
        .contains("base: checked 3, removed 1")
        .containsPattern("bin: checked \\d+, removed 1")
        .contains("memo: checked 1, removed 1")
        // The damaged blob, and the module whose index named it.
        .contains("modules: removed 2")
        .contains("removed example.com/dep@v1.0.0: ")
        .contains("removed bin/" + cache().resolve("bin").relativize(binary))
        .contains("no longer match its Go build ID")
        .contains("removed memo/" + memo.getFileName() + ": unreadable")
        .contains("removed " + MODULE);
    assertThat(staleTemp).doesNotExist();
    assertThat(youngTemp).exists();
    assertThat(binary).doesNotExist();

    Slipway.Run again = slipway().run("cache", "verify");
    assertThat(again.code()).as(again.out()).isZero();

    build("o2");
    ImageTools.unpack(tmp.resolve("o2"), "svc", tmp.resolve("bundle"));
    assertThat(binary).exists();
  }

  @Test
  void binariesLinkedWithAGnuBuildIdOrWithoutAGoBuildIdAreNotReportedAsDamaged() throws Exception {
    build("gnu", "--ldflags", "-B gobuildid");
    build("none", "--ldflags", "-buildid=");
    Slipway.Run verify = slipway().run("cache", "verify");
    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).containsPattern("bin: checked 2, removed 0");
  }

  private static Path only(Path dir, String name) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> files =
          s.filter(Files::isRegularFile)
              .filter(p -> name == null || p.getFileName().toString().equals(name))
              .toList();
      assertThat(files).as(dir.toString()).hasSize(1);
      return files.get(0);
    }
  }

  private static Path largest(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.max(java.util.Comparator.comparingLong(CacheVerifyEndToEndTest::size)).orElseThrow();
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void flip(Path file) throws IOException {
    FlippedBytesEndToEndTest.flip(file);
  }
}
