package dev.slipway.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.ModuleVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleStoreTest {
  private static final ModuleVersion MV = new ModuleVersion("example.com/Lib", "v1.0.0");
  private static final String MOD = "module example.com/Lib\n\ngo 1.21\n";

  @TempDir Path dir;
  private ModuleStore store;
  private Path zip;
  private Expected goSum;

  @BeforeEach
  void setUp() throws Exception {
    store = new ModuleStore(dir.resolve("cache"));
    zip =
        Fixtures.moduleZip(
            dir.resolve("lib.zip"), MV, Map.of("go.mod", MOD, "lib.go", "package lib\n"));
    goSum =
        Expected.of(Map.of(MV, Hash1.ofZip(zip)), Map.of(MV, Hash1.ofGoMod(Fixtures.utf8(MOD))));
  }

  @Test
  void anAdmittedModuleIsFoundWithItsBlobsAndHashes() throws Exception {
    StoredModule sm = store.admit(MV, Fixtures.utf8("{}"), Fixtures.utf8(MOD), zip, goSum);

    assertThat(store.get(MV)).contains(sm);
    assertThat(sm.zipHash()).isEqualTo(goSum.zipHash(MV));
    assertThat(store.blob(sm.zip().orElseThrow())).hasSameBinaryContentAs(zip);
    assertThat(store.read(sm.mod()))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(Fixtures.utf8(MOD)));
    assertThat(store.root().resolve("index/example.com/!lib/@v/v1.0.0")).exists();
  }

  @Test
  void aZipThatDisagreesWithGoSumIsRefusedNamingBothHashesAndNothingIsWritten() throws Exception {
    Path other =
        Fixtures.moduleZip(
            dir.resolve("evil.zip"), MV, Map.of("go.mod", MOD, "lib.go", "package evil\n"));

    assertThatThrownBy(() -> store.admit(MV, null, Fixtures.utf8(MOD), other, goSum))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining("example.com/Lib@v1.0.0")
        .hasMessageContaining(goSum.zipHash(MV).orElseThrow())
        .hasMessageContaining(Hash1.ofZip(other))
        .hasMessageContaining("nothing was admitted");
    assertThat(store.get(MV)).isEmpty();
    assertThat(store.root()).doesNotExist();
  }

  @Test
  void aGoModThatDisagreesWithGoSumIsRefused() {
    byte[] evil = Fixtures.utf8(MOD + "require evil.com/x v1.0.0\n");
    assertThatThrownBy(() -> store.admit(MV, null, evil, null, goSum))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining("example.com/Lib@v1.0.0/go.mod")
        .hasMessageContaining(Hash1.ofGoMod(evil));
    assertThat(store.get(MV)).isEmpty();
  }

  @Test
  void aModuleGoSumDoesNotListNeedsExplicitTrust() throws Exception {
    assertThatThrownBy(() -> store.admit(MV, null, Fixtures.utf8(MOD), zip, Expected.none()))
        .isInstanceOf(ModuleRejectedException.class)
        .hasMessageContaining("missing go.sum entry for example.com/Lib@v1.0.0 ");
    assertThatThrownBy(() -> store.admit(MV, null, Fixtures.utf8(MOD), null, Expected.none()))
        .isInstanceOf(ModuleRejectedException.class)
        .hasMessageContaining("missing go.sum entry for example.com/Lib@v1.0.0/go.mod");
    assertThat(store.get(MV)).isEmpty();

    StoredModule sm = store.admit(MV, null, Fixtures.utf8(MOD), zip, Expected.none(), true);
    assertThat(sm.zipHash()).contains(Hash1.ofZip(zip));
  }

  @Test
  void aGoSumWithOnlyTheZipLineVouchesForTheGoModInThatZip() throws Exception {
    Expected zipOnly = Expected.of(Map.of(MV, Hash1.ofZip(zip)), Map.of());

    StoredModule sm = store.admit(MV, null, Fixtures.utf8(MOD), zip, zipOnly);

    assertThat(store.get(MV)).contains(sm);
    assertThat(sm.modHash()).isEqualTo(Hash1.ofGoMod(Fixtures.utf8(MOD)));
  }

  @Test
  void aGoModOtherThanTheOneInTheVouchedZipIsNotAdmitted() throws Exception {
    Expected zipOnly = Expected.of(Map.of(MV, Hash1.ofZip(zip)), Map.of());
    byte[] other = Fixtures.utf8(MOD + "require evil.com/x v1.0.0\n");

    assertThatThrownBy(() -> store.admit(MV, null, other, zip, zipOnly))
        .isInstanceOf(UnvouchedGoModException.class)
        .hasMessageContaining("example.com/Lib@v1.0.0/go.mod");
    assertThatThrownBy(() -> store.admit(MV, null, Fixtures.utf8(MOD), null, zipOnly))
        .isInstanceOf(ModuleRejectedException.class)
        .hasMessageContaining("missing go.sum entry for example.com/Lib@v1.0.0/go.mod");
    assertThat(store.get(MV)).isEmpty();
  }

  @Test
  void aZipWithoutGoModVouchesOnlyForTheGoModTheGoCommandMakesUp() throws Exception {
    Path legacy =
        Fixtures.moduleZip(dir.resolve("legacy.zip"), MV, Map.of("lib.go", "package lib\n"));
    Expected zipOnly = Expected.of(Map.of(MV, Hash1.ofZip(legacy)), Map.of());

    store.admit(MV, null, Fixtures.utf8("module example.com/Lib\n"), legacy, zipOnly);

    assertThat(store.get(MV).orElseThrow().hasZip()).isTrue();
    assertThatThrownBy(
            () ->
                store.admit(
                    MV, null, Fixtures.utf8("module example.com/Lib\ngo 1.21\n"), legacy, zipOnly))
        .isInstanceOf(UnvouchedGoModException.class);
  }

  @Test
  void aGoSumWithOnlyTheGoModLineAdmitsTheGoModButNoZip() throws Exception {
    Expected modOnly = Expected.of(Map.of(), Map.of(MV, Hash1.ofGoMod(Fixtures.utf8(MOD))));

    assertThat(store.admit(MV, null, Fixtures.utf8(MOD), null, modOnly).hasZip()).isFalse();
    assertThatThrownBy(() -> store.admit(MV, null, Fixtures.utf8(MOD), zip, modOnly))
        .isInstanceOf(ModuleRejectedException.class)
        .hasMessageContaining("missing go.sum entry for example.com/Lib@v1.0.0 ");
    assertThat(store.get(MV).orElseThrow().hasZip()).isFalse();
  }

  @Test
  void aModOnlyEntryGainsItsZipLaterAndKeepsItWhenTheModIsAdmittedAgain() throws Exception {
    store.admit(MV, null, Fixtures.utf8(MOD), null, goSum);
    assertThat(store.get(MV).orElseThrow().hasZip()).isFalse();

    store.admit(MV, null, Fixtures.utf8(MOD), zip, goSum);
    store.admit(MV, null, Fixtures.utf8(MOD), null, goSum);

    assertThat(store.get(MV).orElseThrow().hasZip()).isTrue();
  }

  @Test
  void eightThreadsAdmittingTheSameModuleAllSucceedWithOneStoredCopy() throws Exception {
    int n = 8;
    CyclicBarrier start = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<StoredModule>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<StoredModule> admit =
            () -> {
              start.await();
              return store.admit(MV, Fixtures.utf8("{}"), Fixtures.utf8(MOD), zip, goSum);
            };
        results.add(pool.submit(admit));
      }
      for (Future<StoredModule> r : results) {
        assertThat(r.get()).isEqualTo(store.get(MV).orElseThrow());
      }
    } finally {
      pool.shutdownNow();
    }
    try (Stream<Path> files = Files.list(store.root().resolve("blobs/sha256"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .hasSize(3) // info, mod, zip: no temp files left behind
          .noneMatch(name -> name.startsWith("."));
    }
  }

  @Test
  void verifyRemovesAModuleWhoseBlobWasDamagedAndKeepsTheRest() throws Exception {
    StoredModule sm = store.admit(MV, null, Fixtures.utf8(MOD), zip, goSum);
    ModuleVersion other = new ModuleVersion("example.com/other", "v0.0.1");
    byte[] otherMod = Fixtures.utf8("module example.com/other\n");
    store.admit(other, null, otherMod, null, Expected.none(), true);
    Path blob = store.blob(sm.zip().orElseThrow());
    byte[] bytes = Files.readAllBytes(blob);
    bytes[bytes.length / 2] ^= 1;
    Files.write(blob, bytes);

    List<ModuleStore.BadModule> bad = store.verify();

    assertThat(bad).extracting(ModuleStore.BadModule::module).containsExactly(MV);
    assertThat(bad.get(0).reason()).contains("damaged");
    assertThat(store.get(MV)).isEmpty();
    assertThat(store.get(other)).isPresent();
    assertThat(store.verify()).isEmpty();
  }

  @Test
  void verifyRemovesEveryDamagedBlobOfAModuleNotOnlyTheFirst() throws Exception {
    StoredModule sm = store.admit(MV, Fixtures.utf8("{}"), Fixtures.utf8(MOD), zip, goSum);
    List<Path> blobs =
        List.of(
            store.blob(sm.info().orElseThrow()), store.blob(sm.mod()), store.blob(sm.zip().get()));
    blobs.forEach(ModuleStoreTest::flipAByte);

    ModuleStore.Verification v = store.verifyStore();

    assertThat(blobs).allSatisfy(b -> assertThat(b).doesNotExist());
    assertThat(v.blobsChecked()).isEqualTo(3);
    assertThat(v.removedBlobs()).hasSize(3);
    assertThat(v.removedModules()).extracting(ModuleStore.BadModule::module).containsExactly(MV);
    assertThat(store.get(MV)).isEmpty();
    assertThat(store.verifyStore().isClean()).isTrue();
  }

  @Test
  void verifyRemovesADamagedBlobThatNoIndexNames() throws Exception {
    StoredModule sm = store.admit(MV, null, Fixtures.utf8(MOD), zip, goSum);
    Path orphan = store.blob(dev.slipway.core.Digest.sha256Of(Fixtures.utf8("orphan")));
    Files.write(orphan, Fixtures.utf8("orphan, damaged"));

    ModuleStore.Verification v = store.verifyStore();

    assertThat(orphan).doesNotExist();
    assertThat(v.removedBlobs())
        .singleElement()
        .asString()
        .contains(orphan.getFileName().toString());
    assertThat(v.removedModules()).isEmpty();
    assertThat(v.modulesChecked()).isEqualTo(1);
    assertThat(store.get(MV)).contains(sm);
  }

  @Test
  void aDamagedBlobOfTheSameSizeIsReplacedWhenTheModuleIsAdmittedAgain() throws Exception {
    StoredModule sm = store.admit(MV, Fixtures.utf8("{}"), Fixtures.utf8(MOD), zip, goSum);
    flipAByte(store.blob(sm.mod()));
    flipAByte(store.blob(sm.zip().orElseThrow()));
    flipAByte(store.blob(sm.info().orElseThrow()));

    store.admit(MV, Fixtures.utf8("{}"), Fixtures.utf8(MOD), zip, goSum);

    assertThat(store.read(sm.mod())).isPresent();
    assertThat(store.read(sm.info().orElseThrow())).isPresent();
    assertThat(store.blob(sm.zip().orElseThrow())).hasSameBinaryContentAs(zip);
    assertThat(store.verifyStore().isClean()).isTrue();
  }

  @Test
  void evictingADamagedModuleRemovesItsIndexAndTheDamagedBlobOnly() throws Exception {
    StoredModule sm = store.admit(MV, Fixtures.utf8("{}"), Fixtures.utf8(MOD), zip, goSum);
    flipAByte(store.blob(sm.mod()));

    assertThat(store.damagedBlob(sm, true)).contains(sm.mod());
    store.evict(sm, sm.mod());

    assertThat(store.get(MV)).isEmpty();
    assertThat(store.blob(sm.mod())).doesNotExist();
    assertThat(store.blob(sm.zip().orElseThrow())).exists();
  }

  private static void flipAByte(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      bytes[bytes.length / 2] ^= 1;
      Files.write(file, bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
