package dev.slipway.attest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.core.Digest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a base image's publisher put its SBOM, read from the manifests and indexes a registry
 * returns. Publishers use four conventions, and Slipway reads them all:
 *
 * <ul>
 *   <li>OCI referrers (the referrers API or its fallback tag): an SBOM artifact ({@code
 *       application/spdx+json}, CycloneDX), or a Sigstore bundle whose predicate is an SBOM (cosign
 *       3's {@code attest});
 *   <li>cosign's older {@code sha256-<hex>.att} tag: DSSE envelopes whose predicate is an SBOM;
 *   <li>cosign's {@code sha256-<hex>.sbom} tag ({@code cosign attach sbom}, deprecated): the SBOM;
 *   <li>BuildKit's attestation manifests inside the image index, which name the platform manifest
 *       they describe ({@code vnd.docker.reference.digest}) and hold in-toto statements.
 * </ul>
 *
 * <p>Each found SBOM is described by its media type, with the predicate type when it is wrapped in
 * an attestation.
 */
public final class BaseSbomListings {
  static final String SPDX_PREDICATE = SpdxSbom.PREDICATE_TYPE;
  static final String CYCLONEDX_PREDICATE = CycloneDxSbom.PREDICATE_TYPE;
  static final String DSSE = "application/vnd.dsse.envelope.v1+json";
  static final String IN_TOTO = "application/vnd.in-toto+json";
  static final String BUNDLE = "application/vnd.dev.sigstore.bundle";
  static final String BUNDLE_PREDICATE = "dev.sigstore.bundle.predicateType";

  /** The media types {@code cosign attach sbom} gave SBOM layers. */
  private static final Set<String> COSIGN_SBOM_TYPES =
      Set.of(
          "text/spdx",
          "text/spdx+json",
          "text/spdx+xml",
          "application/spdx+json",
          "application/vnd.cyclonedx",
          "application/vnd.cyclonedx+json",
          "application/vnd.cyclonedx+xml",
          "application/vnd.syft+json");

  private BaseSbomListings() {}

  /** One SBOM in a listing: the manifest that holds it, and what it is. */
  public record Found(Digest manifest, String mediaType) {}

  /**
   * What the referrers an index lists (the referrers API's response, or its fallback tag's index)
   * say of SBOMs.
   *
   * @param found the SBOMs the listing names
   * @param bundles Sigstore bundles listed without their predicate type (cosign writes the fallback
   *     index without annotations): each manifest must be read to know ({@link #bundle})
   */
  public record Referrers(List<Found> found, List<Digest> bundles) {}

  public static Referrers referrers(JsonNode index) {
    List<Found> found = new ArrayList<>();
    List<Digest> bundles = new ArrayList<>();
    for (JsonNode entry : index.path("manifests")) {
      Optional<Digest> digest = digest(entry);
      if (digest.isEmpty()) {
        continue;
      }
      String type = entry.path("artifactType").asText();
      JsonNode predicate = entry.path("annotations").path(BUNDLE_PREDICATE);
      if (type.equals(SpdxSbom.MEDIA_TYPE) || type.equals(CycloneDxSbom.MEDIA_TYPE)) {
        found.add(new Found(digest.get(), type));
      } else if (type.startsWith(BUNDLE)) {
        if (predicate.isMissingNode()) {
          bundles.add(digest.get());
        } else if (isSbom(predicate.asText())) {
          found.add(new Found(digest.get(), wrapped(type, predicate.asText())));
        }
      }
    }
    return new Referrers(found, bundles);
  }

  /** What a Sigstore bundle's manifest holds, if its predicate is an SBOM. */
  public static Optional<String> bundle(JsonNode manifest) {
    String type = manifest.path("artifactType").asText();
    String predicate = manifest.path("annotations").path(BUNDLE_PREDICATE).asText();
    return type.startsWith(BUNDLE) && isSbom(predicate)
        ? Optional.of(wrapped(type, predicate))
        : Optional.empty();
  }

  /**
   * What a manifest under cosign's {@code .att} or {@code .sbom} tag holds that is an SBOM: each
   * layer's type, once.
   */
  public static List<String> cosignTag(JsonNode manifest) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode layer : manifest.path("layers")) {
      String type = layer.path("mediaType").asText();
      String predicate = layer.path("annotations").path("predicateType").asText();
      if (type.equals(DSSE) && isSbom(predicate)) {
        out.add(wrapped(type, predicate));
      } else if (COSIGN_SBOM_TYPES.contains(type)) {
        out.add(type);
      }
    }
    return List.copyOf(out);
  }

  /** The attestation manifests a BuildKit index holds for {@code platformManifest}. */
  public static List<Digest> buildkitAttestations(JsonNode index, Digest platformManifest) {
    List<Digest> out = new ArrayList<>();
    for (JsonNode entry : index.path("manifests")) {
      JsonNode notes = entry.path("annotations");
      if (notes.path("vnd.docker.reference.type").asText().equals("attestation-manifest")
          && notes
              .path("vnd.docker.reference.digest")
              .asText()
              .equals(platformManifest.toString())) {
        digest(entry).ifPresent(out::add);
      }
    }
    return out;
  }

  /** What a BuildKit attestation manifest holds that is an SBOM: each statement's type, once. */
  public static List<String> buildkitSboms(JsonNode attestationManifest) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode layer : attestationManifest.path("layers")) {
      String predicate = layer.path("annotations").path("in-toto.io/predicate-type").asText();
      if (layer.path("mediaType").asText().equals(IN_TOTO) && isSbom(predicate)) {
        out.add(wrapped(IN_TOTO, predicate));
      }
    }
    return List.copyOf(out);
  }

  /** SPDX's and CycloneDX's predicate types, with or without a version after them. */
  static boolean isSbom(String predicate) {
    return predicate.equals(SPDX_PREDICATE)
        || predicate.startsWith(SPDX_PREDICATE + "/")
        || predicate.equals(CYCLONEDX_PREDICATE)
        || predicate.startsWith(CYCLONEDX_PREDICATE + "/");
  }

  private static String wrapped(String type, String predicate) {
    return type + "; predicateType=" + predicate;
  }

  private static Optional<Digest> digest(JsonNode entry) {
    try {
      return Optional.of(Digest.parse(entry.path("digest").asText()));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a registry's listing is not ours to trust: skip what is malformed
    }
  }
}
