package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testing.FaultProxy;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.ImageTools;
import dev.slipway.testing.OciLayouts;
import dev.slipway.testing.RegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --base REF} against a real registry: a handcrafted base pushed with skopeo (one layer with
 * {@code /etc/base-marker}, an env var and a label), and a two-platform base built by Slipway.
 */
@Tag("integration")
class BaseImageEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MARKER = "base marker v1\n";
  private static RegistryServer registry;
  private static String tools;

  @TempDir Path tmp;

  @BeforeAll
  static void startRegistryWithBase(@TempDir Path dir) {
    registry = RegistryServer.start();
    tools = registry.host() + "/bases/tools:1";
    OciLayouts.Base base =
        new OciLayouts.Base(
            Map.of("etc/base-marker", MARKER),
            List.of("PATH=/usr/bin:/bin", "BASE_VAR=1"),
            Map.of("org.example.base", "tools"),
            "amd64");
    Path layout = OciLayouts.write(dir.resolve("tools"), "1", base, false);
    skopeoPush("oci:" + layout + ":1", "docker://" + tools);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @Test
  void baseLayersComeFirstUnchangedWithTheirEnvAndLabelsAndTheImageRunsAsNonroot()
      throws Exception {
    JsonNode baseManifest = raw("docker://" + tools);
    List<String> baseLayers = OciLayouts.layerDigests(baseManifest);
    JsonNode baseConfig = JSON.readTree(ImageTools.inspect("docker://" + tools, "--config"));
    Path module = GoModules.service(tmp.resolve("svc"), "svc");
    String repo = registry.host() + "/apps/app";

    var run =
        new Slipway(tmp.resolve("cache"))
            .build(
                tmp.resolve("s.json"),
                "-C",
                module.toString(),
                "--base",
                tools,
                "--push",
                repo + ":v1",
                "./cmd/svc")
            .ok();

    JsonNode manifest = raw("docker://" + repo + ":v1");
    List<String> layers = OciLayouts.layerDigests(manifest);
    assertThat(layers).hasSize(2);
    assertThat(layers.get(0)).isEqualTo(baseLayers.get(0));
    assertThat(manifest.path("layers").path(0)).isEqualTo(baseManifest.path("layers").path(0));
    JsonNode config = JSON.readTree(ImageTools.inspect("docker://" + repo + ":v1", "--config"));
    assertThat(config.path("rootfs").path("diff_ids").path(0))
        .isEqualTo(baseConfig.path("rootfs").path("diff_ids").path(0));
    assertThat(config.path("config").path("Env").toString()).contains("\"BASE_VAR=1\"");
    assertThat(OciLayouts.labels(config)).containsEntry("org.example.base", "tools");
    assertThat(config.path("config").path("Entrypoint").toString()).isEqualTo("[\"/app/svc\"]");
    assertThat(config.path("config").path("User").asText()).isEqualTo("65532");

    // Mounted from bases/tools, never uploaded: only the binary layer and the config are PUT.
    assertThat(run.summary().path("blobs").path("mounted").asInt()).isEqualTo(1);
    String baseHex = baseLayers.get(0).substring("sha256:".length()); // URLs encode the colon
    assertThat(registry.requests("POST", "/v2/apps/app/blobs/uploads/?mount="))
        .singleElement()
        .satisfies(
            post -> {
              assertThat(post.target()).contains(baseHex);
              assertThat(post.status()).isEqualTo(201);
            });
    List<FaultProxy.Exchange> puts = registry.requests("PUT", "/v2/apps/app/blobs/uploads/");
    assertThat(puts).hasSize(2).allMatch(put -> put.target().contains("digest=sha256"));
    assertThat(puts).noneMatch(put -> put.target().contains(baseHex));

    Path layout = tmp.resolve("pulled");
    ImageTools.pull(repo + ":v1", layout, "v1");
    Path rootfs = ImageTools.unpack(layout, "v1", tmp.resolve("bundle"));
    assertThat(Files.readString(rootfs.resolve("etc/base-marker"))).isEqualTo(MARKER);
    assertThat(ImageTools.runAsNonroot(rootfs, "/app/svc"))
        .isEqualTo("hello from svc (v1) uid=65532\n");
  }

  @Test
  void aPinnedBaseIsServedFromTheCacheWithoutAskingTheRegistryForItsManifest() throws Exception {
    String digest =
        ImageTools.run(
                null,
                "skopeo",
                "inspect",
                "--tls-verify=false",
                "--format",
                "{{.Digest}}",
                "docker://" + tools)
            .orFail("skopeo inspect digest")
            .output()
            .strip();
    String pinned = registry.host() + "/bases/tools@" + digest;
    Path module = GoModules.service(tmp.resolve("svc"), "svc");
    Slipway slipway = new Slipway(tmp.resolve("cache"));
    slipway
        .build(
            tmp.resolve("1.json"),
            "-C",
            module.toString(),
            "--base",
            pinned,
            "--oci-layout",
            tmp.resolve("o1").toString(),
            "./cmd/svc")
        .ok();
    long manifestGets = registry.countRequests("GET", "/v2/bases/tools/manifests/");
    long manifestHeads = registry.countRequests("HEAD", "/v2/bases/tools/manifests/");
    assertThat(manifestGets).isPositive();
    long baseRequests = baseRepositoryRequests();

    GoModules.changeGreeting(module, "v2"); // a real rebuild, not the no-op fast path
    var second =
        slipway
            .build(
                tmp.resolve("2.json"),
                "-C",
                module.toString(),
                "--base",
                pinned,
                "--oci-layout",
                tmp.resolve("o2").toString(),
                "./cmd/svc")
            .ok();
    assertThat(second.summary().path("cache").path("fastPath").asBoolean()).isFalse();
    assertThat(registry.countRequests("GET", "/v2/bases/tools/manifests/")).isEqualTo(manifestGets);
    assertThat(registry.countRequests("HEAD", "/v2/bases/tools/manifests/"))
        .isEqualTo(manifestHeads);
    // The layer bytes came from the base cache too: nothing at all was asked of bases/tools.
    assertThat(baseRepositoryRequests()).isEqualTo(baseRequests);
    JsonNode manifest = OciLayouts.manifest(tmp.resolve("o2"), "svc");
    String baseLayer = manifest.path("layers").path(0).path("digest").asText();
    assertThat(baseLayer).isEqualTo(OciLayouts.layerDigests(raw("docker://" + tools)).get(0));
    assertThat(OciLayouts.blob(tmp.resolve("o2"), baseLayer)).isRegularFile();
  }

  @Test
  void aMultiPlatformBaseGivesEachPlatformItsOwnBaseLayers() throws Exception {
    String multi = registry.host() + "/bases/multi:1";
    Path baseModule = GoModules.service(tmp.resolve("base"), "tool");
    new Slipway(tmp.resolve("cache"))
        .build(
            tmp.resolve("base.json"),
            "-C",
            baseModule.toString(),
            "--platform",
            "linux/amd64,linux/arm64",
            "--push",
            multi,
            "./cmd/tool")
        .ok();
    Path module = GoModules.service(tmp.resolve("svc"), "svc");
    String repo = registry.host() + "/apps/multi";
    new Slipway(tmp.resolve("cache"))
        .build(
            tmp.resolve("app.json"),
            "-C",
            module.toString(),
            "--base",
            multi,
            "--platform",
            "linux/amd64,linux/arm64",
            "--push",
            repo,
            "./cmd/svc")
        .ok();

    Map<String, List<String>> baseLayers = childLayers(registry.host() + "/bases/multi", multi);
    Map<String, List<String>> appLayers = childLayers(repo, repo + ":latest");
    assertThat(appLayers.keySet()).containsExactly("amd64", "arm64");
    // The base's own binary layer differs per platform, so a wrong pick would show.
    assertThat(baseLayers.get("amd64").get(1)).isNotEqualTo(baseLayers.get("arm64").get(1));
    for (String arch : List.of("amd64", "arm64")) {
      assertThat(appLayers.get(arch)).hasSize(3);
      assertThat(appLayers.get(arch).subList(0, 2)).isEqualTo(baseLayers.get(arch));
    }
  }

  @Test
  void aMissingBaseIsARegistryFailureNamingTheReference() throws Exception {
    Path module = GoModules.service(tmp.resolve("svc"), "svc");
    String missing = registry.host() + "/bases/missing:1";
    var run =
        new Slipway(tmp.resolve("cache"))
            .build(
                tmp.resolve("s.json"),
                "-C",
                module.toString(),
                "--base",
                missing,
                "--oci-layout",
                tmp.resolve("o").toString(),
                "./cmd/svc");
    assertThat(run.code()).isEqualTo(4);
    assertThat(run.err()).contains(missing);
    assertThat(tmp.resolve("o/index.json")).doesNotExist();
  }

  @Test
  void aBaseWithoutTheRequestedPlatformIsBadInputNamingThePlatformsItHas(@TempDir Path dir)
      throws Exception {
    String amd64Only = registry.host() + "/bases/amd64only:1";
    OciLayouts.Base base =
        new OciLayouts.Base(Map.of("etc/base-marker", MARKER), List.of(), Map.of(), "amd64");
    skopeoPush(
        "oci:" + OciLayouts.write(dir.resolve("idx"), "1", base, true) + ":1",
        "docker://" + amd64Only,
        "--all");
    Path module = GoModules.service(tmp.resolve("svc"), "svc");
    var run =
        new Slipway(tmp.resolve("cache"))
            .build(
                tmp.resolve("s.json"),
                "-C",
                module.toString(),
                "--base",
                amd64Only,
                "--platform",
                "linux/arm64",
                "--oci-layout",
                tmp.resolve("o").toString(),
                "./cmd/svc");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains(amd64Only).contains("linux/arm64").contains("linux/amd64");
    assertThat(tmp.resolve("o/index.json")).doesNotExist();

    // A single-platform base (no index) names the one platform it is.
    var single =
        new Slipway(tmp.resolve("cache"))
            .build(
                tmp.resolve("s2.json"),
                "-C",
                module.toString(),
                "--base",
                tools,
                "--platform",
                "linux/arm64",
                "--oci-layout",
                tmp.resolve("o2").toString(),
                "./cmd/svc");
    assertThat(single.code()).isEqualTo(2);
    assertThat(single.err()).contains(tools).contains("linux/amd64");
    assertThat(tmp.resolve("o2/index.json")).doesNotExist();
  }

  private long baseRepositoryRequests() {
    return registry.requests().stream()
        .filter(e -> e.target().startsWith("/v2/bases/tools/"))
        .count();
  }

  /** Layer digests of each child manifest of an index, by architecture. */
  private static Map<String, List<String>> childLayers(String repo, String ref) throws Exception {
    JsonNode index = raw("docker://" + ref);
    assertThat(index.path("mediaType").asText()).isEqualTo(OciLayouts.INDEX);
    Map<String, List<String>> out = new java.util.TreeMap<>();
    for (JsonNode m : index.path("manifests")) {
      JsonNode child = raw("docker://" + repo + "@" + m.path("digest").asText());
      out.put(m.path("platform").path("architecture").asText(), OciLayouts.layerDigests(child));
    }
    return out;
  }

  private static JsonNode raw(String ref) throws Exception {
    return JSON.readTree(ImageTools.inspect(ref, "--raw"));
  }

  private static void skopeoPush(String from, String to, String... flags) {
    List<String> cmd =
        new java.util.ArrayList<>(List.of("skopeo", "copy", "--dest-tls-verify=false"));
    cmd.addAll(List.of(flags));
    cmd.add(from);
    cmd.add(to);
    ImageTools.run(null, cmd.toArray(String[]::new)).orFail("skopeo copy to " + to);
  }
}
