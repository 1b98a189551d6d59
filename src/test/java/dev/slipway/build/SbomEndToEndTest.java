package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.BlobSource;
import dev.slipway.core.ImageReference;
import dev.slipway.image.Descriptor;
import dev.slipway.image.Referrer;
import dev.slipway.registry.FetchedManifest;
import dev.slipway.registry.RegistryClient;
import dev.slipway.registry.RegistryOptions;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.ImageTools;
import dev.slipway.testing.OciLayouts;
import dev.slipway.testing.OlaregServer;
import dev.slipway.testing.RegistryServer;
import dev.slipway.testing.SbomValidators;
import dev.slipway.testing.TestEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
  private static final ObjectMapper JSON = new ObjectMapper();

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

    List<JsonNode> referrers = OciLayouts.referrers(layout);
    assertThat(referrers).hasSize(2);
    // index.json lists each as the referrers API would: with its artifact type and annotations
    for (JsonNode entry : OciLayouts.referrerEntries(layout)) {
      JsonNode manifest = OciLayouts.json(layout, entry.path("digest").asText());
      assertThat(entry.path("artifactType").asText()).isEqualTo("application/spdx+json");
      assertThat(entry.path("annotations")).isEqualTo(manifest.path("annotations"));
      assertThat(entry.path("annotations").path("org.opencontainers.image.created").asText())
          .isNotEmpty();
    }
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

    List<JsonNode> referrers = OciLayouts.referrers(layout);
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
  void anUnknownFormatOrATarballWithAnSbomIsBadInputThatWritesNothing() {
    Path module = GoModules.service(tmp.resolve("svc"), "api");
    Slipway slipway = new Slipway(tmp.resolve("cache"));
    Path layout = tmp.resolve("oci");
    Slipway.Run xml = slipway.run(build(args(module, layout, "--sbom", "xml")));
    assertThat(xml.code()).isEqualTo(2);
    assertThat(xml.err()).contains("--sbom xml: expected spdx, cyclonedx or none");
    Path tarball = tmp.resolve("image.tar");
    Slipway.Run tar =
        slipway.run(
            build("-C", module.toString(), "--tarball", tarball.toString(), "--sbom", "spdx"));
    assertThat(tar.code()).isEqualTo(2);
    assertThat(tar.err()).contains("--sbom spdx: a docker-archive tarball has no place");
    assertThat(layout).doesNotExist();
    assertThat(tarball).doesNotExist();
  }

  @Test
  void theSbomOfAPulledBaseNamesTheSbomTheBaseCarries() throws Exception {
    try (OlaregServer registry = OlaregServer.start()) {
      String base = registry.host() + "/bases/tools:1";
      ImageTools.pushBase(tmp.resolve("base"), base, "tools");
      // The base's own SBOM, attached as its publisher would: a referrer of its manifest.
      ImageReference ref = ImageReference.parse(base);
      String referrer;
      try (RegistryClient client =
          RegistryClient.create(RegistryOptions.defaults(System.getenv()))) {
        FetchedManifest manifest = client.getManifest(ref);
        Referrer sbom =
            Referrer.artifact(
                Descriptor.of(manifest.mediaType(), manifest.digest(), manifest.bytes().length),
                "application/spdx+json",
                "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8),
                Instant.EPOCH);
        for (Referrer.Blob blob : sbom.blobs()) {
          client.pushBlob(ref, BlobSource.ofBytes(blob.bytes()), Optional.empty());
        }
        assertThat(
                client.putReferrer(
                    ref.withDigest(sbom.manifest().digest()),
                    sbom.manifestBytes(),
                    sbom.manifest().mediaType()))
            .isTrue();
        referrer = "oci://" + ref.withDigest(sbom.manifest().digest());
      }

      Path module = GoModules.service(tmp.resolve("svc"), "api");
      Slipway slipway = new Slipway(tmp.resolve("cache"));
      for (String format : List.of("spdx", "cyclonedx")) {
        Path layout = tmp.resolve("oci-" + format);
        slipway
            .build(
                tmp.resolve(format + ".json"),
                args(module, layout, "--base", base, "--sbom", format))
            .ok();
        JsonNode r = OciLayouts.referrers(layout).get(0);
        String digest = r.path("layers").path(0).path("digest").asText();
        JsonNode doc = OciLayouts.json(layout, digest);
        Path file =
            Files.copy(OciLayouts.blob(layout, digest), tmp.resolve("sbom-" + format + ".json"));
        if (format.equals("spdx")) {
          assertThat(doc.toString())
              .contains("\"referenceType\":\"oci-sbom\",\"referenceLocator\":\"" + referrer);
          TestEnvironment.Result valid = SbomValidators.spdx(file);
          assertThat(valid.code()).as(valid.output()).isZero();
        } else {
          assertThat(doc.toString()).contains("\"type\":\"bom\"").contains(referrer);
          TestEnvironment.Result valid = SbomValidators.cyclonedx(file);
          assertThat(valid.code()).as(valid.output()).isZero();
        }
      }
    }
  }

  @Test
  void aRegistryWithoutTheReferrersApiListsEachSbomUnderTheFallbackTag() throws Exception {
    try (RegistryServer registry = RegistryServer.start()) {
      Path module = GoModules.service(tmp.resolve("svc"), "api");
      Slipway slipway = new Slipway(tmp.resolve("cache"));
      String repo = registry.host() + "/e2e/sbom";
      String digest =
          slipway
              .build(
                  tmp.resolve("s.json"),
                  "-C",
                  module.toString(),
                  "--push",
                  repo + ":v1",
                  "--platform",
                  PLATFORMS,
                  "--sbom",
                  "spdx",
                  "./cmd/api")
              .ok()
              .digest(0);
      JsonNode index =
          JSON.readTree(ImageTools.inspect("docker://" + repo + "@" + digest, "--raw"));
      assertThat(index.path("manifests")).hasSize(2);
      for (JsonNode platform : index.path("manifests")) {
        String subject = platform.path("digest").asText();
        // Read by skopeo, as any client of the distribution spec's fallback would find it.
        JsonNode referrers =
            JSON.readTree(
                ImageTools.inspect("docker://" + repo + ":" + subject.replace(':', '-'), "--raw"));
        assertThat(referrers.path("manifests")).hasSize(1);
        JsonNode entry = referrers.path("manifests").path(0);
        assertThat(entry.path("artifactType").asText()).isEqualTo("application/spdx+json");
        JsonNode artifact =
            JSON.readTree(
                ImageTools.inspect(
                    "docker://" + repo + "@" + entry.path("digest").asText(), "--raw"));
        assertThat(artifact.path("subject").path("digest").asText()).isEqualTo(subject);
        Path sbom =
            fetchBlob(
                registry.host(),
                "e2e/sbom",
                artifact.path("layers").path(0).path("digest").asText());
        TestEnvironment.Result valid = SbomValidators.spdx(sbom);
        assertThat(valid.code()).as(valid.output()).isZero();
      }
      // The same push again adds nothing to the fallback index.
      slipway
          .build(
              tmp.resolve("t.json"),
              "-C",
              module.toString(),
              "--push",
              repo + ":v2",
              "--platform",
              PLATFORMS,
              "--sbom",
              "spdx",
              "./cmd/api")
          .ok();
      String first = index.path("manifests").path(0).path("digest").asText();
      assertThat(
              JSON.readTree(
                      ImageTools.inspect(
                          "docker://" + repo + ":" + first.replace(':', '-'), "--raw"))
                  .path("manifests"))
          .hasSize(1);
    }
  }

  private Path fetchBlob(String host, String repo, String digest) throws Exception {
    HttpResponse<byte[]> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://" + host + "/v2/" + repo + "/blobs/" + digest))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    return Files.write(tmp.resolve(digest.replace(':', '-') + ".spdx.json"), r.body());
  }

  /** The artifact manifests of a layout: index.json entries whose manifest has a subject. */
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
