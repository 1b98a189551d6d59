package dev.slipway.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.core.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageAssemblerTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Platform AMD64 = Platform.of("linux", "amd64");
  private static final Platform ARM64 = Platform.of("linux", "arm64");
  private static final Instant CREATED = Instant.ofEpochSecond(1_700_000_000L);
  private static final ImageSettings SETTINGS =
      new ImageSettings(ImageSettings.NONROOT, Map.of(), Map.of(), CREATED);

  private static ImageLayer layer(String seed) {
    Digest digest = Digest.sha256Of(("blob " + seed).getBytes(StandardCharsets.UTF_8));
    Digest diffId = Digest.sha256Of(("tar " + seed).getBytes(StandardCharsets.UTF_8));
    return new ImageLayer(
        Descriptor.of(MediaTypes.OCI_LAYER_GZIP, digest, 100 + seed.length()),
        diffId,
        Path.of("/nonexistent/" + seed),
        null);
  }

  private static List<ImageAssembler.OwnLayer> own(String... seeds) {
    List<ImageAssembler.OwnLayer> out = new ArrayList<>();
    for (String s : seeds) {
      out.add(new ImageAssembler.OwnLayer(layer(s), "slipway: " + s));
    }
    return out;
  }

  private static PlatformImage scratchImage(Platform platform) throws IOException {
    return ImageAssembler.assemble(
        platform, BaseImage.of(List.of(layer("base"))), own("bin"), List.of("/app/x"), SETTINGS);
  }

  @Test
  void aScratchConfigHasEntrypointNonrootUserPathDiffIdsAndCreatedTime() throws Exception {
    PlatformImage image = scratchImage(AMD64);
    JsonNode config = MAPPER.readTree(image.configBytes());

    assertThat(config.path("config").path("Entrypoint").get(0).asText()).isEqualTo("/app/x");
    assertThat(config.path("config").path("Entrypoint")).hasSize(1);
    assertThat(config.path("config").path("User").asText()).isEqualTo("65532");
    assertThat(config.path("config").path("Env").get(0).asText())
        .startsWith("PATH=/usr/local/sbin");
    assertThat(config.path("created").asText()).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(config.path("architecture").asText()).isEqualTo("amd64");
    assertThat(config.path("os").asText()).isEqualTo("linux");
    assertThat(config.path("rootfs").path("type").asText()).isEqualTo("layers");
    List<String> diffIds = new ArrayList<>();
    config.path("rootfs").path("diff_ids").forEach(n -> diffIds.add(n.asText()));
    assertThat(diffIds)
        .containsExactly(layer("base").diffId().toString(), layer("bin").diffId().toString());
    assertThat(config.path("history")).hasSize(2);
    assertThat(config.path("history").get(1).path("created_by").asText()).isEqualTo("slipway: bin");
  }

  @Test
  void theManifestListsConfigAndLayersInOrderWithMatchingDigests() throws Exception {
    PlatformImage image = scratchImage(AMD64);
    JsonNode manifest = MAPPER.readTree(image.manifestBytes());

    assertThat(manifest.path("schemaVersion").asInt()).isEqualTo(2);
    assertThat(manifest.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(manifest.path("config").path("digest").asText())
        .isEqualTo(Digest.sha256Of(image.configBytes()).toString());
    assertThat(manifest.path("config").path("size").asLong()).isEqualTo(image.configBytes().length);
    assertThat(manifest.path("layers").get(0).path("digest").asText())
        .isEqualTo(layer("base").descriptor().digest().toString());
    assertThat(manifest.path("layers").get(1).path("digest").asText())
        .isEqualTo(layer("bin").descriptor().digest().toString());
    assertThat(image.manifest().digest()).isEqualTo(Digest.sha256Of(image.manifestBytes()));
    assertThat(image.manifest().platform()).isEqualTo(AMD64);
  }

  @Test
  void theSameInputsGiveByteIdenticalConfigAndManifest() throws Exception {
    PlatformImage a = scratchImage(AMD64);
    PlatformImage b = scratchImage(AMD64);
    assertThat(a.configBytes()).isEqualTo(b.configBytes());
    assertThat(a.manifestBytes()).isEqualTo(b.manifestBytes());
    assertThat(a.manifest().digest()).isEqualTo(b.manifest().digest());
  }

  @Test
  void aDifferentCreationTimeChangesTheConfigDigest() throws Exception {
    PlatformImage a = scratchImage(AMD64);
    PlatformImage b =
        ImageAssembler.assemble(
            AMD64,
            BaseImage.of(List.of(layer("base"))),
            own("bin"),
            List.of("/app/x"),
            new ImageSettings(ImageSettings.NONROOT, Map.of(), Map.of(), Instant.EPOCH));
    assertThat(a.config().digest()).isNotEqualTo(b.config().digest());
  }

  @Test
  void extendingABaseConfigKeepsItsEnvAndLabelsAndAppendsDiffIds() throws Exception {
    ImageLayer baseLayer = layer("pulled");
    String baseConfig =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2020-01-01T00:00:00Z\","
            + "\"container\":\"abc\",\"docker_version\":\"20\","
            + "\"config\":{\"Env\":[\"PATH=/bin\",\"LANG=C.UTF-8\"],"
            + "\"Labels\":{\"base.label\":\"yes\"},\"Cmd\":[\"sh\"]},"
            + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
            + baseLayer.diffId()
            + "\"]},\"history\":[{\"created_by\":\"base\"}]}";
    BaseImage base =
        new BaseImage(
            Optional.of(ImageReference.parse("example.com/base@sha256:" + "a".repeat(64))),
            Optional.of(Digest.parse("sha256:" + "a".repeat(64))),
            Optional.of(baseConfig.getBytes(StandardCharsets.UTF_8)),
            List.of(baseLayer));
    ImageSettings settings =
        new ImageSettings(
            ImageSettings.NONROOT, Map.of("FOO", "bar"), Map.of("own.label", "1"), CREATED);

    PlatformImage image =
        ImageAssembler.assemble(AMD64, base, own("bin"), List.of("/app/x"), settings);
    JsonNode config = MAPPER.readTree(image.configBytes());

    List<String> env = new ArrayList<>();
    config.path("config").path("Env").forEach(n -> env.add(n.asText()));
    assertThat(env).containsExactly("PATH=/bin", "LANG=C.UTF-8", "FOO=bar");
    assertThat(config.path("config").path("Labels").path("base.label").asText()).isEqualTo("yes");
    assertThat(config.path("config").path("Labels").path("own.label").asText()).isEqualTo("1");
    assertThat(config.path("config").has("Cmd")).isFalse();
    assertThat(config.has("container")).isFalse();
    assertThat(config.has("docker_version")).isFalse();
    assertThat(config.path("created").asText()).isEqualTo("2023-11-14T22:13:20Z");
    List<String> diffIds = new ArrayList<>();
    config.path("rootfs").path("diff_ids").forEach(n -> diffIds.add(n.asText()));
    assertThat(diffIds)
        .containsExactly(baseLayer.diffId().toString(), layer("bin").diffId().toString());
    assertThat(config.path("history")).hasSize(2);
    assertThat(image.layers()).containsExactly(baseLayer, layer("bin"));
  }

  @Test
  void aBaseWhoseConfigDiffIdsDoNotMatchItsLayersIsRejected() {
    String baseConfig =
        "{\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
            + layer("one").diffId()
            + "\",\""
            + layer("two").diffId()
            + "\"]}}";
    BaseImage base =
        new BaseImage(
            Optional.empty(),
            Optional.empty(),
            Optional.of(baseConfig.getBytes(StandardCharsets.UTF_8)),
            List.of(layer("one")));
    assertThatThrownBy(
            () -> ImageAssembler.assemble(AMD64, base, own("bin"), List.of("/app/x"), SETTINGS))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("2 layers")
        .hasMessageContaining("has 1");
  }

  @Test
  void aBaseConfigWithoutRootfsIsRejected() {
    BaseImage base =
        new BaseImage(
            Optional.empty(),
            Optional.empty(),
            Optional.of("{\"config\":{}}".getBytes(StandardCharsets.UTF_8)),
            List.of());
    assertThatThrownBy(
            () -> ImageAssembler.assemble(AMD64, base, own("bin"), List.of("/app/x"), SETTINGS))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("rootfs");
  }

  @Test
  void onePlatformTargetPointsAtItsManifest() throws Exception {
    PlatformImage image = scratchImage(AMD64);
    TargetImage target = ImageAssembler.target("x", "example.com/x", List.of(image));
    assertThat(target.isIndex()).isFalse();
    assertThat(target.root()).isEqualTo(image.manifest());
    assertThat(target.rootBytes()).isEqualTo(image.manifestBytes());
  }

  @Test
  void twoPlatformsGiveAnIndexListingBothWithPlatformFields() throws Exception {
    PlatformImage amd = scratchImage(AMD64);
    PlatformImage arm = scratchImage(ARM64);
    TargetImage target = ImageAssembler.target("x", "example.com/x", List.of(amd, arm));

    assertThat(target.isIndex()).isTrue();
    assertThat(target.root().mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(target.root().digest()).isEqualTo(Digest.sha256Of(target.rootBytes()));
    JsonNode index = MAPPER.readTree(target.rootBytes());
    assertThat(index.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_INDEX);
    JsonNode manifests = index.path("manifests");
    assertThat(manifests).hasSize(2);
    assertThat(manifests.get(0).path("digest").asText())
        .isEqualTo(amd.manifest().digest().toString());
    assertThat(manifests.get(0).path("platform").path("architecture").asText()).isEqualTo("amd64");
    assertThat(manifests.get(0).path("platform").path("os").asText()).isEqualTo("linux");
    assertThat(manifests.get(1).path("digest").asText())
        .isEqualTo(arm.manifest().digest().toString());
    assertThat(manifests.get(1).path("platform").path("architecture").asText()).isEqualTo("arm64");
    assertThat(amd.manifest().digest()).isNotEqualTo(arm.manifest().digest());
  }

  @Test
  void anIndexIsByteIdenticalForTheSameInputs() throws Exception {
    byte[] a =
        ImageAssembler.target(
                "x", "example.com/x", List.of(scratchImage(AMD64), scratchImage(ARM64)))
            .rootBytes();
    byte[] b =
        ImageAssembler.target(
                "x", "example.com/x", List.of(scratchImage(AMD64), scratchImage(ARM64)))
            .rootBytes();
    assertThat(a).isEqualTo(b);
  }
}
