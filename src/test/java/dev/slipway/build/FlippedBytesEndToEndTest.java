package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.core.Digest;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.ImageTools;
import dev.slipway.testing.OciLayouts;
import dev.slipway.testing.RegistryServer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A byte flipped in a stored layer, a pulled base blob or an OCI layout never ends up in an output:
 * a layer is checked as it is copied or uploaded and made again (rebuilt from its sources, or
 * downloaded again), a layout's blobs are hashed before they are reused, and the build succeeds
 * with the same digest and an image that skopeo and umoci accept.
 */
@Tag("integration")
class FlippedBytesEndToEndTest {
  private static RegistryServer registry;
  private static String base;

  /** go's caches, shared by this class's builds only. */
  @TempDir static Path goCaches;

  @TempDir Path tmp;

  @BeforeAll
  static void startRegistryWithBase(@TempDir Path dir) {
    registry = RegistryServer.start();
    base = registry.host() + "/bases/damaged:1";
    OciLayouts.Base image =
        new OciLayouts.Base(
            Map.of("etc/base-marker", "base marker\n"), List.of("PATH=/bin"), Map.of(), "amd64");
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

  private Slipway slipway() {
    return new Slipway(tmp.resolve("cache"))
        .env("GOCACHE", goCaches.resolve("gocache").toString())
        .env("GOMODCACHE", goCaches.resolve("modcache").toString())
        .env("GOFLAGS", "-modcacherw");
  }

  private Slipway.Run build(String json, String... args) {
    Path module = tmp.resolve("svc");
    if (!Files.exists(module)) {
      GoModules.service(module, "svc");
    }
    List<String> all = new java.util.ArrayList<>(List.of("-C", module.toString()));
    all.addAll(List.of(args));
    all.add("./cmd/svc");
    return slipway().build(tmp.resolve(json), all.toArray(String[]::new)).ok();
  }

  @Test
  void aLayerDamagedInTheStoreIsRebuiltAndNeverReachesALayoutOrATarball() throws Exception {
    var first = build("1.json", "--oci-layout", tmp.resolve("o1").toString());
    int flipped = flipEvery(tmp.resolve("cache/layers/blobs/sha256"));
    assertThat(flipped).isEqualTo(2); // the generated base and the binary

    var second =
        build(
            "2.json",
            "--oci-layout",
            tmp.resolve("o2").toString(),
            "--tarball",
            tmp.resolve("svc.tar").toString());

    assertThat(second.digest(0)).isEqualTo(first.digest(0));
    assertValidLayout(tmp.resolve("o2"));
    ImageTools.run(
            null,
            "skopeo",
            "copy",
            "docker-archive:" + tmp.resolve("svc.tar"),
            "oci:" + tmp.resolve("from-tar") + ":svc")
        .orFail("skopeo copy of the tarball");
    ImageTools.unpack(tmp.resolve("from-tar"), "svc", tmp.resolve("bundle-tar"));
    // The generated base is found in the store and made again when the output finds it damaged;
    // the binary, which go has just touched, may be compressed afresh in place of the damaged blob.
    assertThat(second.summary().path("cache").path("layers").path("misses").asInt())
        .isBetween(1, 2);
    assertEveryBlobMatchesItsName(tmp.resolve("cache/layers/blobs/sha256"));
  }

  @Test
  void aLinkedBinaryDamagedWhereGoDoesNotLookIsLinkedAgainAndNeverReachesAnImage()
      throws Exception {
    var first = build("1.json", "--oci-layout", tmp.resolve("o1").toString());
    List<Path> binaries;
    try (Stream<Path> s = Files.walk(tmp.resolve("cache/bin"))) {
      binaries = s.filter(p -> name(p).equals("svc")).toList();
    }
    assertThat(binaries).hasSize(1);
    // Past go's build ID, which is all go reads to decide the binary is current.
    flip(binaries.get(0));

    var second = build("2.json", "--oci-layout", tmp.resolve("o2").toString());

    assertThat(second.digest(0)).isEqualTo(first.digest(0));
    assertValidLayout(tmp.resolve("o2"));
  }

  @Test
  void aPushAfterALayerWasDamagedInTheStoreUploadsGoodBytes() throws Exception {
    String first = registry.host() + "/e2e/damaged-first:v1";
    var pushed = build("1.json", "--push", first);
    assertThat(flipEvery(tmp.resolve("cache/layers/blobs/sha256"))).isEqualTo(2);

    // Another repository lacks every blob, so each layer is uploaded from the damaged store.
    String second = registry.host() + "/e2e/damaged-second:v1";
    var again = build("2.json", "--push", second);

    assertThat(again.digest(0)).isEqualTo(pushed.digest(0));
    assertThat(again.summary().path("blobs").path("uploaded").asInt()).isEqualTo(3);
    Path pulled = tmp.resolve("pulled");
    ImageTools.pull(second, pulled, "v1");
    assertThat(
            ImageTools.runAsNonroot(ImageTools.unpack(pulled, "v1", tmp.resolve("b")), "/app/svc"))
        .isEqualTo("hello from svc (v1) uid=65532\n");
    assertEveryBlobMatchesItsName(tmp.resolve("cache/layers/blobs/sha256"));
  }

  @Test
  void aPulledBaseLayerDamagedInTheCacheIsDownloadedAgain() throws Exception {
    var first = build("1.json", "--base", base, "--oci-layout", tmp.resolve("o1").toString());
    assertThat(flipEvery(tmp.resolve("cache/base/blobs/sha256"))).isEqualTo(2); // config, layer

    var second = build("2.json", "--base", base, "--oci-layout", tmp.resolve("o2").toString());

    assertThat(second.digest(0)).isEqualTo(first.digest(0));
    Path rootfs = assertValidLayout(tmp.resolve("o2"));
    assertThat(Files.readString(rootfs.resolve("etc/base-marker"))).isEqualTo("base marker\n");
    assertEveryBlobMatchesItsName(tmp.resolve("cache/base/blobs/sha256"));
  }

  /** skopeo copies the image (checking every digest) and umoci unpacks it (diffIDs too). */
  private Path assertValidLayout(Path layout) {
    ImageTools.run(
            null,
            "skopeo",
            "copy",
            "oci:" + layout + ":svc",
            "oci:" + tmp.resolve("copy-" + layout.getFileName()) + ":svc")
        .orFail("skopeo copy of " + layout);
    assertEveryBlobMatchesItsName(layout.resolve("blobs/sha256"));
    return ImageTools.unpack(layout, "svc", tmp.resolve("bundle-" + layout.getFileName()));
  }

  private static void assertEveryBlobMatchesItsName(Path dir) {
    for (Path blob : files(dir)) {
      try {
        assertThat(Digest.sha256Of(Files.readAllBytes(blob)).hex())
            .as(blob.toString())
            .isEqualTo(name(blob));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** Flips one bit in the middle of every file in {@code dir}; returns how many. */
  static int flipEvery(Path dir) throws IOException {
    List<Path> blobs = files(dir);
    for (Path blob : blobs) {
      flip(blob);
    }
    return blobs.size();
  }

  /** Flips one bit in the middle of {@code file}, in place: same size, same name, same inode. */
  static void flip(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long at = f.length() / 2;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 1);
    }
  }

  private static List<Path> files(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> !name(p).startsWith(".")).toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String name(Path p) {
    return p.getFileName().toString();
  }

  @Test
  void aFlippedAndADeletedBlobInALayoutAreBothReplacedByTheNextBuild() throws Exception {
    Path layout = tmp.resolve("oci");
    var first = build("1.json", "--oci-layout", layout.toString());
    JsonNode manifest = OciLayouts.manifest(layout, "svc");
    flip(OciLayouts.blob(layout, manifest.path("layers").path(1).path("digest").asText()));
    Files.delete(OciLayouts.blob(layout, manifest.path("config").path("digest").asText()));

    var again = build("2.json", "--oci-layout", layout.toString());

    assertThat(again.digest(0)).isEqualTo(first.digest(0));
    assertThat(again.summary().path("cache").path("fastPath").asBoolean()).isFalse();
    assertValidLayout(layout);
  }

  @Test
  void aByteFlippedInALayoutIsNoticedByTheNextBuildWithNothingElseChanged() throws Exception {
    Path layout = tmp.resolve("oci");
    var first = build("1.json", "--oci-layout", layout.toString());
    JsonNode manifest = OciLayouts.manifest(layout, "svc");
    flip(OciLayouts.blob(layout, manifest.path("layers").path(1).path("digest").asText()));

    var again = build("2.json", "--oci-layout", layout.toString());

    assertThat(again.digest(0)).isEqualTo(first.digest(0));
    assertThat(again.summary().path("cache").path("fastPath").asBoolean()).isFalse();
    assertValidLayout(layout);
  }

  @Test
  void anUntouchedLayoutStillTakesTheFastPath() throws Exception {
    Path layout = tmp.resolve("oci");
    build("1.json", "--oci-layout", layout.toString());
    var again = build("2.json", "--oci-layout", layout.toString());
    assertThat(again.summary().path("cache").path("fastPath").asBoolean()).isTrue();
  }
}
