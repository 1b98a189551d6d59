package dev.slipway.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.Digest;
import dev.slipway.core.Platform;
import dev.slipway.fingerprint.Memo;
import dev.slipway.image.ImageLayer;
import dev.slipway.image.LayerFetcher;
import dev.slipway.image.MediaTypes;
import dev.slipway.image.PlatformImage;
import dev.slipway.image.TargetImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutPublisherTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Platform AMD64 = Platform.of("linux", "amd64");
  private static final Platform ARM64 = Platform.of("linux", "arm64");

  @TempDir Path tmp;
  private TestTargets targets;
  private Path dir;
  private LayoutPublisher publisher;

  @BeforeEach
  void setUp() {
    targets = new TestTargets(tmp.resolve("cache"));
    dir = tmp.resolve("oci");
    publisher = new LayoutPublisher(dir, LayerFetcher.localOnly());
  }

  private Memo memoFor(TargetImage target, PublishResult result) {
    return new Memo(
        List.of(
            new Memo.Entry(
                target.name(),
                target.importPath(),
                "linux/amd64",
                target.root().mediaType(),
                target.root().digest().toString(),
                target.root().size(),
                "")),
        Map.of(publisher.proofKey(), result.proof()));
  }

  private Path blob(Digest d) {
    return dir.resolve("blobs").resolve(d.algorithm()).resolve(d.hex());
  }

  @Test
  void publishWritesLayoutMarkerIndexWithRefNameAndEveryBlob() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    PublishResult result = publisher.publish(List.of(app));

    assertThat(
            MAPPER.readTree(dir.resolve("oci-layout").toFile()).path("imageLayoutVersion").asText())
        .isEqualTo("1.0.0");
    byte[] indexBytes = Files.readAllBytes(dir.resolve("index.json"));
    assertThat(result.proof())
        .startsWith(Digest.sha256Of(indexBytes) + " ")
        .contains(app.root().digest() + "=" + app.rootBytes().length);
    JsonNode index = MAPPER.readTree(indexBytes);
    assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
    JsonNode entry = index.path("manifests").get(0);
    assertThat(index.path("manifests")).hasSize(1);
    assertThat(entry.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(entry.path("digest").asText()).isEqualTo(app.root().digest().toString());
    assertThat(entry.path("annotations").path("org.opencontainers.image.ref.name").asText())
        .isEqualTo("app");
    assertThat(entry.has("platform")).isFalse();

    PlatformImage image = app.platforms().get(0);
    List<Digest> expected = new ArrayList<>();
    expected.add(image.manifest().digest());
    expected.add(image.config().digest());
    image.layers().forEach(l -> expected.add(l.descriptor().digest()));
    for (Digest d : expected) {
      assertThat(Digest.sha256Of(Files.readAllBytes(blob(d)))).isEqualTo(d);
    }
    for (ImageLayer l : image.layers()) {
      assertThat(Files.size(blob(l.descriptor().digest()))).isEqualTo(l.descriptor().size());
    }
    assertThat(allBlobs()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void everyBlobInTheLayoutMatchesItsName() throws Exception {
    publisher.publish(List.of(targets.target("app", AMD64), targets.target("multi", AMD64, ARM64)));
    List<Digest> all = allBlobs();
    assertThat(all).hasSizeGreaterThan(5);
    for (Digest d : all) {
      assertThat(Digest.sha256Of(Files.readAllBytes(blob(d)))).isEqualTo(d);
    }
    JsonNode index = MAPPER.readTree(dir.resolve("index.json").toFile());
    assertThat(index.path("manifests")).hasSize(2);
    assertThat(index.path("manifests").get(1).path("mediaType").asText())
        .isEqualTo(MediaTypes.OCI_INDEX);
  }

  @Test
  void publishingTwiceGivesAByteIdenticalIndexAndLeavesNoTempFiles() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    publisher.publish(List.of(app));
    byte[] first = Files.readAllBytes(dir.resolve("index.json"));
    publisher.publish(List.of(app));
    assertThat(Files.readAllBytes(dir.resolve("index.json"))).isEqualTo(first);
    try (Stream<Path> s = Files.walk(dir)) {
      assertThat(s.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
    }
  }

  @Test
  void isPresentAfterPublish() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    Memo memo = memoFor(app, publisher.publish(List.of(app)));
    assertThat(publisher.isPresent(memo)).isTrue();
  }

  @Test
  void isNotPresentAfterTheRootManifestBlobIsDeleted() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    Memo memo = memoFor(app, publisher.publish(List.of(app)));
    Files.delete(blob(app.root().digest()));
    assertThat(publisher.isPresent(memo)).isFalse();
  }

  @Test
  void isNotPresentAfterIndexJsonIsEdited() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    Memo memo = memoFor(app, publisher.publish(List.of(app)));
    Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[]}");
    assertThat(publisher.isPresent(memo)).isFalse();
  }

  @Test
  void isNotPresentAfterIndexJsonIsDeleted() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    Memo memo = memoFor(app, publisher.publish(List.of(app)));
    Files.delete(dir.resolve("index.json"));
    assertThat(publisher.isPresent(memo)).isFalse();
  }

  @Test
  void isNotPresentWithoutAProofForThisDirectory() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    publisher.publish(List.of(app));
    Memo memo = new Memo(memoFor(app, PublishResult.local("x")).targets(), Map.of());
    assertThat(publisher.isPresent(memo)).isFalse();
  }

  private List<Digest> allBlobs() throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve("blobs/sha256"))) {
      return s.map(p -> Digest.parse("sha256:" + p.getFileName())).toList();
    }
  }

  @Test
  void isNotPresentAfterALayerBlobIsDeleted() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    Memo memo = memoFor(app, publisher.publish(List.of(app)));
    Files.delete(blob(app.platforms().get(0).layers().get(1).descriptor().digest()));
    assertThat(publisher.isPresent(memo)).isFalse();
  }

  @Test
  void aLayerDamagedInTheStoreIsMadeAgainAndTheLayoutHoldsGoodBytes() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    List<ImageLayer> layers = app.platforms().get(0).layers();
    FaultyLayers fetcher = new FaultyLayers().remember(layers);
    for (ImageLayer l : layers) {
      FaultyLayers.flip(l.localFile());
    }
    new LayoutPublisher(dir, fetcher).publish(List.of(app));

    assertThat(fetcher.repaired)
        .containsExactlyInAnyOrderElementsOf(
            layers.stream().map(l -> l.descriptor().digest()).toList());
    for (Digest d : allBlobs()) {
      assertThat(Digest.sha256Of(blob(d))).isEqualTo(d);
    }
  }

  @Test
  void aLayerThatCannotBeMadeAgainFailsNamingItAndWritesNoLayout() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    ImageLayer binary = app.platforms().get(0).layers().get(1);
    FaultyLayers.flip(binary.localFile());
    assertThatThrownBy(() -> publisher.publish(List.of(app)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot write the OCI layout " + dir)
        .hasMessageContaining("layer " + binary.descriptor().digest())
        .hasMessageContaining("is damaged");
    assertThat(dir).doesNotExist();
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("cache");
    }
  }

  @Test
  void aNewLayoutThatFailsPartWayLeavesNothingNewAndNamesThePathAndTheReason() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    Path nested = tmp.resolve("out/deeper/oci");
    Digest second = app.platforms().get(0).layers().get(1).descriptor().digest();
    LayoutPublisher failing = new LayoutPublisher(nested, new FaultyLayers().failOn(second));
    assertThatThrownBy(() -> failing.publish(List.of(app)))
        .isInstanceOf(IOException.class)
        .hasMessage("cannot write the OCI layout " + nested + ": No space left on device");
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("cache");
    }
  }

  @Test
  void aFailedWriteIntoAnExistingLayoutKeepsItsIndexAndEveryBlobItNames() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    publisher.publish(List.of(app));
    byte[] index = Files.readAllBytes(dir.resolve("index.json"));
    TargetImage other = targets.target("other", AMD64);
    Digest otherBinary = other.platforms().get(0).layers().get(1).descriptor().digest();
    LayoutPublisher failing = new LayoutPublisher(dir, new FaultyLayers().failOn(otherBinary));
    assertThatThrownBy(() -> failing.publish(List.of(other)))
        .hasMessageContaining("cannot write the OCI layout " + dir);
    assertThat(Files.readAllBytes(dir.resolve("index.json"))).isEqualTo(index);
    for (Digest d : allBlobs()) {
      assertThat(Digest.sha256Of(blob(d))).isEqualTo(d);
    }
    try (Stream<Path> s = Files.walk(dir)) {
      assertThat(s.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
    }
  }

  @Test
  void aFlippedBlobAndADeletedBlobInTheLayoutAreBothReplacedByTheNextPublish() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    publisher.publish(List.of(app));
    PlatformImage image = app.platforms().get(0);
    Path flipped = blob(image.layers().get(1).descriptor().digest());
    FaultyLayers.flip(flipped);
    Files.delete(blob(image.config().digest()));
    FaultyLayers.flip(blob(image.manifest().digest()));

    publisher.publish(List.of(app));

    assertThat(allBlobs()).hasSize(4);
    for (Digest d : allBlobs()) {
      assertThat(Digest.sha256Of(blob(d))).as(d.toString()).isEqualTo(d);
    }
  }

  @Test
  void isNotPresentAfterAByteOfABlobChangesInPlaceRightAfterPublish() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    Memo memo = memoFor(app, publisher.publish(List.of(app)));
    FaultyLayers.flip(blob(app.platforms().get(0).layers().get(1).descriptor().digest()));
    assertThat(publisher.isPresent(memo)).isFalse();
  }

  @Test
  void isPresentAfterAPublishThatReusedEveryBlob() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    publisher.publish(List.of(app));
    Memo memo = memoFor(app, publisher.publish(List.of(app)));
    assertThat(publisher.isPresent(memo)).isTrue();
  }

  @Test
  void isNotPresentWithAProofFromBeforeBlobStatsWereRecorded() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    PublishResult result = publisher.publish(List.of(app));
    String old = result.proof().replaceAll("=(\\d+),[^ ]*", "=$1");
    assertThat(old).doesNotContain(",");
    assertThat(publisher.isPresent(memoFor(app, PublishResult.local(old)))).isFalse();
  }

  @Test
  void aNewLayoutGetsTheUsualDirectoryModeNotThatOfATemporaryDirectory() throws Exception {
    Path sibling = Files.createDirectory(tmp.resolve("sibling"));
    publisher.publish(List.of(targets.target("app", AMD64)));
    assertThat(Files.getPosixFilePermissions(dir))
        .isEqualTo(Files.getPosixFilePermissions(sibling));
  }

  @Test
  void aStagingDirectoryAKilledBuildLeftIsRemovedByTheNextNewLayoutAndAFreshOneIsKept()
      throws Exception {
    Path stale = Files.createDirectories(tmp.resolve(".oci.123.tmp/blobs/sha256"));
    Files.setLastModifiedTime(
        stale.getParent().getParent(),
        java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(7200)));
    Path fresh = Files.createDirectory(tmp.resolve(".oci.456.tmp"));
    publisher.publish(List.of(targets.target("app", AMD64)));
    assertThat(tmp.resolve(".oci.123.tmp")).doesNotExist();
    assertThat(fresh).exists();
    assertThat(dir.resolve("index.json")).exists();
  }
}
