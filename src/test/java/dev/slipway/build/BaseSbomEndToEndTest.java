package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.Digest;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.GoTestTools;
import dev.slipway.testing.ImageTools;
import dev.slipway.testing.OciLayouts;
import dev.slipway.testing.RegistryServer;
import dev.slipway.testing.SbomValidators;
import dev.slipway.testing.TestEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SBOM of an image on a pulled base names the base's own SBOM however its publisher attached
 * it: with the real cosign (its older {@code .att} tag, and its Sigstore bundles under the
 * referrers fallback tag), or in the index as BuildKit does. On Debian's docker-registry 2.8, which
 * has no referrers API. (OCI referrers through the API: {@code SbomEndToEndTest}.)
 */
@Tag("integration")
class BaseSbomEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SPDX =
      "{\"spdxVersion\":\"SPDX-2.3\",\"SPDXID\":\"SPDXRef-DOCUMENT\",\"name\":\"base\","
          + "\"dataLicense\":\"CC0-1.0\",\"documentNamespace\":\"https://example.com/base\","
          + "\"creationInfo\":{\"created\":\"2026-01-01T00:00:00Z\",\"creators\":[\"Tool: t\"]}}";
  private static final String CYCLONEDX =
      "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1}";

  @TempDir Path tmp;

  /** The image's SPDX SBOM, checked by the SPDX project's validator. */
  private JsonNode spdxOf(String base) throws Exception {
    Path module = GoModules.service(tmp.resolve("svc"), "api");
    Path layout = tmp.resolve("oci");
    new Slipway(tmp.resolve("cache"))
        .build(
            tmp.resolve("s.json"),
            "-C",
            module.toString(),
            "--oci-layout",
            layout.toString(),
            "--base",
            base,
            "--sbom",
            "spdx",
            "./cmd/api")
        .ok();
    String digest =
        OciLayouts.referrers(layout).get(0).path("layers").path(0).path("digest").asText();
    Path file = Files.copy(OciLayouts.blob(layout, digest), tmp.resolve("sbom.spdx.json"));
    TestEnvironment.Result valid = SbomValidators.spdx(file);
    assertThat(valid.code()).as(valid.output()).isZero();
    return JSON.readTree(file.toFile());
  }

  /** The base's SBOMs the image's SBOM names: locator to comment. */
  private static Map<String, String> baseSboms(JsonNode spdx) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (JsonNode p : spdx.path("packages")) {
      for (JsonNode ref : p.path("externalRefs")) {
        if (ref.path("referenceType").asText().equals("oci-sbom")) {
          out.put(ref.path("referenceLocator").asText(), ref.path("comment").asText());
        }
      }
    }
    return out;
  }

  private static String digestOf(String raw) {
    return Digest.sha256Of(raw.getBytes(StandardCharsets.UTF_8)).toString();
  }

  @Test
  void cosignAttestationsUnderItsOldTagAndAsBundlesAreNamed() throws Exception {
    try (RegistryServer registry = RegistryServer.start()) {
      String repo = registry.host() + "/bases/tools";
      ImageTools.pushBase(tmp.resolve("base"), repo + ":1", "tools");
      String manifest = digestOf(ImageTools.inspect("docker://" + repo + ":1", "--raw"));
      Path home = Files.createDirectories(tmp.resolve("cosign"));
      TestEnvironment.Result keys = GoTestTools.cosign(home, "generate-key-pair");
      assertThat(keys.code()).as(keys.output()).isZero();
      Files.writeString(home.resolve("spdx.json"), SPDX);
      Files.writeString(home.resolve("cdx.json"), CYCLONEDX);
      // cosign's older format: DSSE envelopes under the tag sha256-<hex>.att
      cosign(home, "spdxjson", "spdx.json", repo + "@" + manifest, "--new-bundle-format=false");
      // cosign 3's: a Sigstore bundle, listed under the referrers fallback tag
      cosign(home, "cyclonedx", "cdx.json", repo + "@" + manifest);

      String tag = "sha256-" + manifest.substring("sha256:".length());
      String att = digestOf(ImageTools.inspect("docker://" + repo + ":" + tag + ".att", "--raw"));
      JsonNode fallback =
          JSON.readTree(ImageTools.inspect("docker://" + repo + ":" + tag, "--raw"));
      String bundle = fallback.path("manifests").get(0).path("digest").asText();

      assertThat(baseSboms(spdxOf(repo + ":1")))
          .isEqualTo(
              Map.of(
                  "oci://" + repo + "@" + att,
                  "the base image's own SBOM (application/vnd.dsse.envelope.v1+json;"
                      + " predicateType=https://spdx.dev/Document)",
                  "oci://" + repo + "@" + bundle,
                  "the base image's own SBOM (application/vnd.dev.sigstore.bundle.v0.3+json;"
                      + " predicateType=https://cyclonedx.org/bom)"));
    }
  }

  @Test
  void aBuildkitAttestationInTheBasesIndexIsNamed() throws Exception {
    try (RegistryServer registry = RegistryServer.start()) {
      String base = registry.host() + "/bases/buildkit:1";
      Path layout =
          OciLayouts.write(
              tmp.resolve("base"),
              "1",
              new OciLayouts.Base(
                  Map.of("etc/base-marker", "bk"),
                  List.of("PATH=/usr/bin:/bin"),
                  Map.of(),
                  "amd64"),
              true);
      String attestation = OciLayouts.addBuildkitSbom(layout, SPDX);
      ImageTools.push(layout, "1", base);

      assertThat(baseSboms(spdxOf(base)))
          .isEqualTo(
              Map.of(
                  "oci://" + registry.host() + "/bases/buildkit@" + attestation,
                  "the base image's own SBOM (application/vnd.in-toto+json;"
                      + " predicateType=https://spdx.dev/Document)"));
    }
  }

  private static void cosign(Path home, String type, String predicate, String ref, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "attest",
                "--key",
                home.resolve("cosign.key").toString(),
                "--type",
                type,
                "--predicate",
                home.resolve(predicate).toString(),
                "--tlog-upload=false",
                "--use-signing-config=false",
                "--allow-http-registry",
                "--yes"));
    args.addAll(List.of(more));
    args.add(ref);
    TestEnvironment.Result r = GoTestTools.cosign(home, args.toArray(String[]::new));
    assertThat(r.code()).as(r.output()).isZero();
  }
}
