package dev.slipway.attest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.compile.GoBuildInfo;
import dev.slipway.core.Digest;
import dev.slipway.core.Platform;
import dev.slipway.testing.GoShop;
import dev.slipway.testing.SbomValidators;
import dev.slipway.testing.TestEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SBOMs of a real binary (a real module with its go.sum hash, a local replacement), accepted by the
 * SPDX and CycloneDX projects' own validators, naming exactly the modules go linked in.
 */
@Tag("integration")
class SbomIntegrationTest {
  private static final Digest MANIFEST =
      Digest.sha256Of("manifest".getBytes(StandardCharsets.UTF_8));
  private static final Instant CREATED = Instant.parse("2023-11-14T22:13:20Z");

  @TempDir static Path dir;
  static GoBuildInfo build;

  @BeforeAll
  static void buildTheShop() throws Exception {
    GoShop shop = GoShop.write(dir);
    build = GoBuildInfo.read(shop.build(dir.resolve("checkout"), "amd64"));
  }

  private static SbomSubject subject(SbomSubject.Base base) {
    return new SbomSubject(
        "checkout", MANIFEST, Platform.of("linux", "amd64"), build, base, CREATED, "1.0.0");
  }

  private static SbomSubject.Base generated() {
    return new SbomSubject.GeneratedBase(
        List.of(
            new SbomSubject.BaseFile("/etc/passwd", Digest.sha256Of(new byte[] {1})),
            new SbomSubject.BaseFile("/etc/group", Digest.sha256Of(new byte[] {2}))));
  }

  private static SbomSubject.Base pulled() {
    return new SbomSubject.PulledBase(
        "registry.test/base/static:nonroot", Digest.sha256Of(new byte[] {3}));
  }

  @Test
  void theSpdxProjectsValidatorAcceptsTheDocumentForEitherBase() throws Exception {
    for (SbomSubject.Base base : List.of(generated(), pulled())) {
      Path file = Files.write(dir.resolve("sbom.spdx.json"), SpdxSbom.write(subject(base)));
      TestEnvironment.Result valid = SbomValidators.spdx(file);
      assertThat(valid.code()).as(valid.output()).isZero();
    }
  }

  @Test
  void theCycloneDxProjectsValidatorAcceptsTheDocumentForEitherBase() throws Exception {
    for (SbomSubject.Base base : List.of(generated(), pulled())) {
      Path file = Files.write(dir.resolve("sbom.cdx.json"), CycloneDxSbom.write(subject(base)));
      TestEnvironment.Result valid = SbomValidators.cyclonedx(file);
      assertThat(valid.code()).as(valid.output()).isZero();
      assertThat(valid.output()).contains("valid");
    }
  }

  @Test
  void aDocumentThatBreaksTheSchemaIsRefusedByTheValidators() throws Exception {
    String spdx = new String(SpdxSbom.write(subject(generated())), StandardCharsets.UTF_8);
    Path badSpdx =
        Files.writeString(
            dir.resolve("bad.spdx.json"), spdx.replace("\"SPDX-2.3\"", "\"SPDX-9.9\""));
    assertThat(SbomValidators.spdx(badSpdx).code()).isNotZero();
    String cdx = new String(CycloneDxSbom.write(subject(generated())), StandardCharsets.UTF_8);
    Path badCdx =
        Files.writeString(
            dir.resolve("bad.cdx.json"), cdx.replace("\"type\" : \"library\"", "\"type\" : 7"));
    assertThat(cdx).contains("\"type\" : \"library\"");
    assertThat(SbomValidators.cyclonedx(badCdx).code()).isNotZero();
  }

  @Test
  void bothFormatsNameTheModulesGoLinkedInWithTheirPurlsAndHashes() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode spdx = json.readTree(SpdxSbom.write(subject(generated())));
    JsonNode cdx = json.readTree(CycloneDxSbom.write(subject(generated())));

    List<String> spdxPurls = new ArrayList<>();
    spdx.path("packages")
        .forEach(
            p ->
                p.path("externalRefs")
                    .forEach(r -> spdxPurls.add(r.path("referenceLocator").asText())));
    List<String> cdxPurls = new ArrayList<>();
    cdx.path("components").forEach(c -> cdxPurls.add(c.path("purl").asText()));

    String stdlib = "pkg:golang/stdlib@" + build.goVersion().substring(2);
    for (List<String> purls : List.of(spdxPurls, cdxPurls)) {
      assertThat(purls)
          .contains(
              "pkg:golang/golang.org/x/sync@v0.10.0",
              "pkg:golang/example.com/platform",
              "pkg:golang/example.com/shop",
              stdlib);
    }

    // The go.sum hash of golang.org/x/sync v0.10.0 in go.sum's h1: form, and its SHA-256 in hex.
    String sum =
        build.deps().stream()
            .filter(m -> m.path().equals("golang.org/x/sync"))
            .findFirst()
            .orElseThrow()
            .sum();
    String hex = GoPurls.h1Hex(sum).orElseThrow();
    assertThat(spdx.toString()).contains("\"checksumValue\":\"" + hex + "\"");
    assertThat(cdx.toString()).contains("\"content\":\"" + hex + "\"").contains(sum);
    assertThat(cdx.path("metadata").path("component").path("version").asText())
        .isEqualTo(MANIFEST.toString());
    assertThat(spdx.path("creationInfo").path("created").asText())
        .isEqualTo("2023-11-14T22:13:20Z");
  }

  @Test
  void theSameImageGivesTheSameBytesAndAnotherImageAnotherDocumentId() {
    assertThat(SpdxSbom.write(subject(generated())))
        .isEqualTo(SpdxSbom.write(subject(generated())));
    assertThat(CycloneDxSbom.write(subject(pulled())))
        .isEqualTo(CycloneDxSbom.write(subject(pulled())));
    SbomSubject other =
        new SbomSubject(
            "checkout",
            Digest.sha256Of(new byte[] {9}),
            Platform.of("linux", "amd64"),
            build,
            generated(),
            CREATED,
            "1.0.0");
    assertThat(other.documentId("spdx")).isNotEqualTo(subject(generated()).documentId("spdx"));
    assertThat(subject(generated()).documentId("spdx"))
        .isNotEqualTo(subject(generated()).documentId("cyclonedx"));
  }
}
