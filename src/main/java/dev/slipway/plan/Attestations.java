package dev.slipway.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a build attaches to each image beside it, as OCI referrers: none of it changes the image's
 * digest.
 *
 * @param sbom the SBOM format of each platform's image ({@link #SBOM_FORMATS}), or {@code none}
 * @param provenance whether to attach SLSA v1 provenance
 * @param signKey the key that signs the image and its attestations (Sigstore bundles)
 */
public record Attestations(String sbom, boolean provenance, Optional<Path> signKey) {
  /** What {@code --sbom} takes. */
  public static final List<String> SBOM_FORMATS = List.of("none", "spdx", "cyclonedx");

  public static final Attestations NONE = new Attestations("none", false, Optional.empty());

  public Attestations {
    if (!SBOM_FORMATS.contains(sbom)) {
      throw new IllegalArgumentException("--sbom must be one of " + SBOM_FORMATS + ", not " + sbom);
    }
    Objects.requireNonNull(signKey, "signKey");
  }

  /** True if anything is attached. */
  public boolean any() {
    return !sbom.equals("none") || provenance || signKey.isPresent();
  }
}
