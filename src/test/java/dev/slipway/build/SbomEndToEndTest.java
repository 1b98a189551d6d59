package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.ImageTools;
import dev.slipway.testing.OciLayouts;
import dev.slipway.testing.SbomValidators;
import dev.slipway.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --sbom}: each platform's manifest gets an SBOM as its OCI referrer in the layout, the
 * format's own validator accepts it, and the image's digest is the one a build without it gives.
 */
@Tag("integration")
class SbomEndToEndTest {
  private static final String PLATFORMS = "linux/amd64,linux/arm64";

  @TempDir Path tmp;

  @Test
  void eachPlatformManifestGetsAValidSpdxReferrerAndTheImageDigestIsUnchanged() throws Exception {
    Path module = GoModules.service(tmp.resolve("svc"), "api");
    Slipway slipway = new Slipway(tmp.resolve("cache"));
    Path plain = tmp.resolve("plain");
    String without =
        slipway
            .build(tmp.resolve("a.json"), args(module, plain, "--platform", PLATFORMS))
            .ok()
            .digest(0);
    Path layout = tmp.resolve("with");
    String with =
        slipway
            .build(
                tmp.resolve("b.json"),
                args(module, layout, "--platform", PLATFORMS, "--sbom", "spdx"))
            .ok()
            .digest(0);
    assertThat(with).isEqualTo(without);

    JsonNode index = OciLayouts.json(layout, with);
    List<String> platformManifests = new ArrayList<>();
    index.path("manifests").forEach(m -> platformManifests.add(m.path("digest").asText()));
    assertThat(platformManifests).hasSize(2);

    List<JsonNode> referrers = referrers(layout);
    assertThat(referrers).hasSize(2);
    List<String> subjects = new ArrayList<>();
    for (JsonNode r : referrers) {
      assertThat(r.path("artifactType").asText()).isEqualTo("application/spdx+json");
      assertThat(r.path("config").path("mediaType").asText())
          .isEqualTo("application/vnd.oci.empty.v1+json");
      String subject = r.path("subject").path("digest").asText();
      subjects.add(subject);
      Path sbom = OciLayouts.blob(layout, r.path("layers").path(0).path("digest").asText());
      Path file = Files.copy(sbom, tmp.resolve("sbom-" + subjects.size() + ".spdx.json"));
      TestEnvironment.Result valid = SbomValidators.spdx(file);
      assertThat(valid.code()).as(valid.output()).isZero();
      JsonNode doc = OciLayouts.json(layout, r.path("layers").path(0).path("digest").asText());
      assertThat(doc.path("packages").path(0).path("versionInfo").asText()).isEqualTo(subject);
      assertThat(doc.toString())
          .contains("example.com/svc")
          .contains("/etc/ssl/certs/ca-certificates.crt");
    }
    assertThat(subjects).containsExactlyInAnyOrderElementsOf(platformManifests);
    // The image is still what tools nobody here wrote read by its name.
    assertThat(ImageTools.inspect("oci:" + layout + ":api", "--raw"))
        .contains(platformManifests.get(0));
  }

  @Test
  void cycloneDxIsValidAndChangingTheFormatIsNotANoOp() throws Exception {
    Path module = GoModules.service(tmp.resolve("svc"), "api");
    Slipway slipway = new Slipway(tmp.resolve("cache"));
    Path layout = tmp.resolve("oci");
    slipway.build(tmp.resolve("a.json"), args(module, layout, "--sbom", "spdx")).ok();
    Slipway.Run cdx =
        slipway.build(tmp.resolve("b.json"), args(module, layout, "--sbom", "cyclonedx")).ok();
    assertThat(cdx.summary().path("cache").path("fastPath").asBoolean()).isFalse();

    List<JsonNode> referrers = referrers(layout);
    assertThat(referrers).hasSize(1);
    JsonNode r = referrers.get(0);
    assertThat(r.path("artifactType").asText()).isEqualTo("application/vnd.cyclonedx+json");
    Path file =
        Files.copy(
            OciLayouts.blob(layout, r.path("layers").path(0).path("digest").asText()),
            tmp.resolve("sbom.cdx.json"));
    TestEnvironment.Result valid = SbomValidators.cyclonedx(file);
    assertThat(valid.code()).as(valid.output()).isZero();

    Slipway.Run again =
        slipway.build(tmp.resolve("c.json"), args(module, layout, "--sbom", "cyclonedx")).ok();
    assertThat(again.summary().path("cache").path("fastPath").asBoolean()).isTrue();
  }

  @Test
  void anUnknownFormatOrAPushWithAnSbomIsBadInputThatWritesNothing() {
    Path module = GoModules.service(tmp.resolve("svc"), "api");
    Slipway slipway = new Slipway(tmp.resolve("cache"));
    Path layout = tmp.resolve("oci");
    Slipway.Run xml = slipway.run(build(args(module, layout, "--sbom", "xml")));
    assertThat(xml.code()).isEqualTo(2);
    assertThat(xml.err()).contains("--sbom xml: expected spdx, cyclonedx or none");
    Slipway.Run push =
        slipway.run(
            build("-C", module.toString(), "--push", "127.0.0.1:5000/svc", "--sbom", "spdx"));
    assertThat(push.code()).isEqualTo(2);
    assertThat(push.err()).contains("--sbom spdx: SBOMs are attached in OCI layouts");
    assertThat(layout).doesNotExist();
  }

  /** The artifact manifests of a layout: index.json entries whose manifest has a subject. */
  private static List<JsonNode> referrers(Path layout) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    JsonNode index =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(layout.resolve("index.json").toFile());
    for (JsonNode entry : index.path("manifests")) {
      JsonNode m = OciLayouts.json(layout, entry.path("digest").asText());
      if (m.has("subject")) {
        out.add(m);
      }
    }
    return out;
  }

  private static String[] args(Path module, Path layout, String... more) {
    List<String> out =
        new ArrayList<>(List.of("-C", module.toString(), "--oci-layout", layout.toString()));
    out.addAll(List.of(more));
    out.add("./cmd/api");
    return out.toArray(String[]::new);
  }

  private static String[] build(String... args) {
    List<String> all = new ArrayList<>(List.of("build"));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }
}
