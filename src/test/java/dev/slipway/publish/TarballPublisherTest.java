package dev.slipway.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.core.Platform;
import dev.slipway.core.UsageException;
import dev.slipway.fingerprint.Memo;
import dev.slipway.image.ImageLayer;
import dev.slipway.image.LayerFetcher;
import dev.slipway.image.PlatformImage;
import dev.slipway.image.TargetImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarballPublisherTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Platform AMD64 = Platform.of("linux", "amd64");

  @TempDir Path tmp;
  private TestTargets targets;
  private Path file;

  @BeforeEach
  void setUp() {
    targets = new TestTargets(tmp.resolve("cache"));
    file = tmp.resolve("out/image.tar");
  }

  private static Map<String, byte[]> readTar(Path tar) throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(tar);
        TarArchiveInputStream t = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e; (e = t.getNextEntry()) != null; ) {
        entries.put(e.getName(), t.readAllBytes());
      }
    }
    return entries;
  }

  @Test
  void theTarballHasAManifestNamingConfigTagsAndLayersAndHoldsThoseFiles() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    TarballPublisher publisher =
        new TarballPublisher(
            file,
            LayerFetcher.localOnly(),
            Optional.of(
                Destinations.of(
                    ImageReference.parse("localhost:5000/team/app:v1"), List.of("extra"))),
            List.of("extra"));
    PublishResult result = publisher.publish(List.of(app));

    Map<String, byte[]> entries = readTar(file);
    JsonNode manifest = MAPPER.readTree(entries.get("manifest.json"));
    assertThat(manifest).hasSize(1);
    JsonNode entry = manifest.get(0);
    PlatformImage image = app.platforms().get(0);

    String config = entry.path("Config").asText();
    assertThat(config).isEqualTo(image.config().digest().hex() + ".json");
    assertThat(entries.get(config)).isEqualTo(image.configBytes());
    assertThat(entry.path("RepoTags").toString())
        .isEqualTo("[\"localhost:5000/team/app:v1\",\"localhost:5000/team/app:extra\"]");
    assertThat(entry.path("Layers")).hasSize(image.layers().size());
    for (int i = 0; i < image.layers().size(); i++) {
      ImageLayer layer = image.layers().get(i);
      String name = entry.path("Layers").get(i).asText();
      assertThat(name).isEqualTo(layer.descriptor().digest().hex() + ".tar.gz");
      assertThat(Digest.sha256Of(entries.get(name))).isEqualTo(layer.descriptor().digest());
    }
    assertThat(result.proof()).isEqualTo(Digest.sha256Of(Files.readAllBytes(file)).toString());
  }

  @Test
  void withoutARepositoryTheTargetNameIsTheTag() throws Exception {
    TarballPublisher publisher =
        new TarballPublisher(file, LayerFetcher.localOnly(), Optional.empty(), List.of());
    publisher.publish(List.of(targets.target("app", AMD64)));
    JsonNode manifest = MAPPER.readTree(readTar(file).get("manifest.json"));
    assertThat(manifest.get(0).path("RepoTags").toString()).isEqualTo("[\"app:latest\"]");
  }

  @Test
  void aMultiPlatformTargetIsAUsageErrorAndWritesNothing() throws Exception {
    TargetImage multi = targets.target("multi", AMD64, Platform.of("linux", "arm64"));
    TarballPublisher publisher =
        new TarballPublisher(file, LayerFetcher.localOnly(), Optional.empty(), List.of());
    assertThatThrownBy(() -> publisher.publish(List.of(multi)))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--tarball")
        .hasMessageContaining("multi");
    assertThat(file).doesNotExist();
  }

  @Test
  void isPresentUntilTheTarballChanges() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    TarballPublisher publisher =
        new TarballPublisher(file, LayerFetcher.localOnly(), Optional.empty(), List.of());
    PublishResult result = publisher.publish(List.of(app));
    Memo memo = new Memo(List.of(), Map.of(publisher.proofKey(), result.proof()));
    assertThat(publisher.isPresent(memo)).isTrue();
    Files.write(file, new byte[] {1, 2, 3});
    assertThat(publisher.isPresent(memo)).isFalse();
  }

  @Test
  void theSameImagesGiveAByteIdenticalTarball() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    TarballPublisher publisher =
        new TarballPublisher(file, LayerFetcher.localOnly(), Optional.empty(), List.of());
    publisher.publish(List.of(app));
    byte[] first = Files.readAllBytes(file);
    publisher.publish(List.of(app));
    assertThat(Files.readAllBytes(file)).isEqualTo(first);
  }

  @Test
  void aLayerDamagedInTheStoreIsMadeAgainAndTheTarballHoldsGoodBytes() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    List<ImageLayer> layers = app.platforms().get(0).layers();
    FaultyLayers fetcher = new FaultyLayers().remember(layers);
    for (ImageLayer l : layers) {
      FaultyLayers.flip(l.localFile());
    }
    new TarballPublisher(file, fetcher, Optional.empty(), List.of()).publish(List.of(app));

    assertThat(fetcher.repaired).hasSize(layers.size());
    Map<String, byte[]> entries = readTar(file);
    for (ImageLayer l : layers) {
      byte[] bytes = entries.get(l.descriptor().digest().hex() + ".tar.gz");
      assertThat(Digest.sha256Of(bytes)).isEqualTo(l.descriptor().digest());
    }
    try (var s = Files.list(file.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("image.tar");
    }
  }

  @Test
  void aFailedWriteKeepsThePreviousTarballLeavesNoTempFileAndNamesTheFile() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    new TarballPublisher(file, LayerFetcher.localOnly(), Optional.empty(), List.of())
        .publish(List.of(app));
    byte[] before = Files.readAllBytes(file);
    TargetImage other = targets.target("other", AMD64);
    Digest binary = other.platforms().get(0).layers().get(1).descriptor().digest();
    TarballPublisher failing =
        new TarballPublisher(file, new FaultyLayers().failOn(binary), Optional.empty(), List.of());
    assertThatThrownBy(() -> failing.publish(List.of(other)))
        .hasMessage("cannot write the tarball " + file + ": No space left on device");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    try (var s = Files.list(file.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("image.tar");
    }
  }

  @Test
  void aLayerThatStaysDamagedFailsAndWritesNoTarball() throws Exception {
    TargetImage app = targets.target("app", AMD64);
    ImageLayer binary = app.platforms().get(0).layers().get(1);
    FaultyLayers.flip(binary.localFile());
    TarballPublisher publisher =
        new TarballPublisher(file, LayerFetcher.localOnly(), Optional.empty(), List.of());
    assertThatThrownBy(() -> publisher.publish(List.of(app)))
        .hasMessageContaining("cannot write the tarball " + file)
        .hasMessageContaining("layer " + binary.descriptor().digest())
        .hasMessageContaining("is damaged");
    assertThat(file).doesNotExist();
    try (var s = Files.list(file.getParent())) {
      assertThat(s).isEmpty();
    }
  }
}
