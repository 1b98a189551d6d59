package dev.slipway.attest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.image.Descriptor;
import dev.slipway.image.Referrer;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A Sigstore bundle (v0.3, the format cosign 3 writes and reads): an in-toto statement in a DSSE
 * envelope, and the verification material, here a hint naming the public key. It carries no
 * transparency-log entry: signing with a key needs no service, and {@code cosign verify --key
 * <public key> --insecure-ignore-tlog} checks it. Attached to the image as an OCI referrer whose
 * artifact type is {@link #MEDIA_TYPE}, with the annotations cosign looks for.
 */
public final class SigstoreBundle {
  public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** The referrer annotation that names the statement's predicate type, as cosign writes it. */
  public static final String PREDICATE_TYPE_ANNOTATION = "dev.sigstore.bundle.predicateType";

  /** The referrer annotation that says the bundle holds a DSSE envelope. */
  public static final String CONTENT_ANNOTATION = "dev.sigstore.bundle.content";

  private static final ObjectMapper JSON = new ObjectMapper();

  private SigstoreBundle() {}

  /**
   * An in-toto {@code statement} about {@code subject} as its referrer: signed by {@code key} in a
   * bundle when there is one, else the plain statement; annotated with its predicate type either
   * way, so a verifier picks it from the referrers listing without reading it.
   */
  public static Referrer referrer(
      Descriptor subject,
      byte[] statement,
      String predicateType,
      Optional<SigningKey> key,
      Instant created) {
    if (key.isEmpty()) {
      return Referrer.artifact(
          subject,
          Dsse.IN_TOTO,
          statement,
          created,
          Map.of(PREDICATE_TYPE_ANNOTATION, predicateType));
    }
    return Referrer.artifact(
        subject,
        MEDIA_TYPE,
        sign(statement, key.get()),
        created,
        Map.of(PREDICATE_TYPE_ANNOTATION, predicateType, CONTENT_ANNOTATION, "dsse-envelope"));
  }

  /** The bundle of {@code statement} signed by {@code key}. */
  public static byte[] sign(byte[] statement, SigningKey key) {
    ObjectNode bundle = JSON.createObjectNode();
    bundle.put("mediaType", MEDIA_TYPE);
    bundle.putObject("verificationMaterial").putObject("publicKey").put("hint", key.keyId());
    bundle.set("dsseEnvelope", Dsse.envelope(Dsse.IN_TOTO, statement, key));
    try {
      return JSON.writeValueAsBytes(bundle);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
