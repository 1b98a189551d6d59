package dev.slipway.attest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.Digest;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A SLSA verification summary (VSA v1) saying that {@code slipway verify} rebuilt an image from its
 * provenance and got the same image: the verifier, when, the image, the provenance it read (the
 * input attestation) and the levels verified. Whoever trusts the verifier's key can take the image
 * as reproduced without rebuilding it.
 */
public final class VerificationSummary {
  public static final String PREDICATE_TYPE = "https://slsa.dev/verification_summary/v1";

  /** The policy: rebuild from the recorded commit with every cache off, compare layer by layer. */
  public static final String POLICY = "https://slipway.dev/verify/reproduced/v1";

  /**
   * Provenance exists and says how the image was built (SLSA Build L1), and a rebuild from it gave
   * the same digests: a level of Slipway's own, named as the VSA spec asks of custom levels.
   */
  public static final List<String> LEVELS = List.of("SLSA_BUILD_LEVEL_1", "SLIPWAY_REPRODUCED");

  private VerificationSummary() {}

  /**
   * The statement, about {@code subjects} (the image's index and platform manifests).
   *
   * @param resourceUri the image, {@code oci://repository@digest}
   * @param provenanceUri the provenance's manifest, {@code oci://repository@digest}
   */
  public static byte[] statement(
      List<InTotoStatement.Subject> subjects,
      String verifierId,
      String verifierVersion,
      Instant timeVerified,
      String resourceUri,
      String provenanceUri,
      Digest provenance) {
    ObjectNode p = InTotoStatement.JSON.createObjectNode();
    ObjectNode verifier = p.putObject("verifier");
    verifier.put("id", verifierId);
    verifier.putObject("version").put("slipway", verifierVersion);
    p.put("timeVerified", DateTimeFormatter.ISO_INSTANT.format(timeVerified));
    p.put("resourceUri", resourceUri);
    p.putObject("policy").put("uri", POLICY);
    ObjectNode input = p.putArray("inputAttestations").addObject();
    input.put("uri", provenanceUri);
    input.putObject("digest").put(provenance.algorithm(), provenance.hex());
    p.put("verificationResult", "PASSED");
    LEVELS.forEach(p.putArray("verifiedLevels")::add);
    p.put("slsaVersion", "1.0");
    return InTotoStatement.write(subjects, PREDICATE_TYPE, p);
  }
}
