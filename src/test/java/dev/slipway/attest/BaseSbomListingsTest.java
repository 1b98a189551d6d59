package dev.slipway.attest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.Digest;
import org.junit.jupiter.api.Test;

class BaseSbomListingsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);
  private static final String C = "sha256:" + "c".repeat(64);

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void referrersNameSbomArtifactsAndBundlesWhoseManifestMustBeRead() throws Exception {
    BaseSbomListings.Referrers r =
        BaseSbomListings.referrers(
            json(
                "{'manifests': ["
                    + "{'digest': '"
                    + A
                    + "', 'artifactType': 'application/spdx+json'},"
                    + "{'digest': '"
                    + B
                    + "', 'artifactType': 'application/vnd.dev.sigstore.bundle.v0.3+json',"
                    + " 'annotations': {'dev.sigstore.bundle.predicateType': 'https://slsa.dev/provenance/v1'}},"
                    + "{'digest': '"
                    + C
                    + "', 'artifactType': 'application/vnd.dev.sigstore.bundle.v0.3+json'},"
                    + "{'digest': 'sha256:short', 'artifactType': 'application/spdx+json'},"
                    + "{'digest': '"
                    + B
                    + "', 'artifactType': 'application/vnd.example.sig'}]}"));
    assertThat(r.found())
        .containsExactly(new BaseSbomListings.Found(Digest.parse(A), "application/spdx+json"));
    assertThat(r.bundles()).containsExactly(Digest.parse(C)); // a provenance is not an SBOM
    assertThat(
            BaseSbomListings.bundle(
                json(
                    "{'artifactType': 'application/vnd.dev.sigstore.bundle.v0.3+json',"
                        + " 'annotations': {'dev.sigstore.bundle.predicateType':"
                        + " 'https://cyclonedx.org/bom/v1.6'}}")))
        .contains(
            "application/vnd.dev.sigstore.bundle.v0.3+json;"
                + " predicateType=https://cyclonedx.org/bom/v1.6");
  }

  @Test
  void cosignTagsHoldSbomAttestationsOrTheSbomItself() throws Exception {
    assertThat(
            BaseSbomListings.cosignTag(
                json(
                    "{'layers': ["
                        + "{'mediaType': 'application/vnd.dsse.envelope.v1+json',"
                        + " 'annotations': {'predicateType': 'https://spdx.dev/Document'}},"
                        + "{'mediaType': 'application/vnd.dsse.envelope.v1+json',"
                        + " 'annotations': {'predicateType': 'https://slsa.dev/provenance/v1'}},"
                        + "{'mediaType': 'application/vnd.dsse.envelope.v1+json',"
                        + " 'annotations': {'predicateType': 'https://spdx.dev/Document'}}]}")))
        .containsExactly(
            "application/vnd.dsse.envelope.v1+json; predicateType=https://spdx.dev/Document");
    assertThat(
            BaseSbomListings.cosignTag(
                json("{'layers': [{'mediaType': 'text/spdx+json'}, {'mediaType': 'text/plain'}]}")))
        .containsExactly("text/spdx+json");
  }

  @Test
  void buildkitAttestationsAreFoundByThePlatformManifestTheyName() throws Exception {
    JsonNode index =
        json(
            "{'manifests': ["
                + "{'digest': '"
                + A
                + "', 'platform': {'os': 'linux', 'architecture': 'amd64'}},"
                + "{'digest': '"
                + B
                + "', 'annotations': {'vnd.docker.reference.type': 'attestation-manifest',"
                + " 'vnd.docker.reference.digest': '"
                + A
                + "'}},"
                + "{'digest': '"
                + C
                + "', 'annotations': {'vnd.docker.reference.type': 'attestation-manifest',"
                + " 'vnd.docker.reference.digest': 'sha256:"
                + "d".repeat(64)
                + "'}}]}");
    assertThat(BaseSbomListings.buildkitAttestations(index, Digest.parse(A)))
        .containsExactly(Digest.parse(B));
    assertThat(
            BaseSbomListings.buildkitSboms(
                json(
                    "{'layers': ["
                        + "{'mediaType': 'application/vnd.in-toto+json',"
                        + " 'annotations': {'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2'}},"
                        + "{'mediaType': 'application/vnd.in-toto+json',"
                        + " 'annotations': {'in-toto.io/predicate-type': 'https://spdx.dev/Document'}}]}")))
        .containsExactly("application/vnd.in-toto+json; predicateType=https://spdx.dev/Document");
  }
}
