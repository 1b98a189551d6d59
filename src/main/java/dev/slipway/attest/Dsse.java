package dev.slipway.attest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A DSSE envelope (the Dead Simple Signing Envelope of in-toto and Sigstore): the payload and its
 * type are signed together through the spec's pre-authentication encoding, so neither can be
 * swapped without breaking the signature.
 */
public final class Dsse {
  /** The payload type of an in-toto statement. */
  public static final String IN_TOTO = "application/vnd.in-toto+json";

  private Dsse() {}

  /** {@code DSSEv1 <len(type)> <type> <len(body)> <body>}, lengths as ASCII decimal byte counts. */
  static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    byte[] head =
        ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ")
            .getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + payload.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(payload, 0, out, head.length, payload.length);
    return out;
  }

  /**
   * The payload of {@code envelope} (as {@link #envelope} writes it) if one of its signatures is
   * {@code key}'s over the pre-authentication encoding; empty otherwise.
   */
  public static java.util.Optional<byte[]> verify(
      com.fasterxml.jackson.databind.JsonNode envelope, java.security.PublicKey key) {
    try {
      byte[] payload = Base64.getDecoder().decode(envelope.path("payload").asText());
      byte[] pae = pae(envelope.path("payloadType").asText(), payload);
      for (com.fasterxml.jackson.databind.JsonNode s : envelope.path("signatures")) {
        java.security.Signature verifier = java.security.Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(key);
        verifier.update(pae);
        if (verifier.verify(Base64.getDecoder().decode(s.path("sig").asText()))) {
          return java.util.Optional.of(payload);
        }
      }
    } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
      // malformed base64 or signature: not verified
    }
    return java.util.Optional.empty();
  }

  /** The envelope of {@code payload} signed by {@code key}, as the bundle's JSON has it. */
  static ObjectNode envelope(String payloadType, byte[] payload, SigningKey key) {
    Base64.Encoder b64 = Base64.getEncoder();
    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
    envelope.put("payload", b64.encodeToString(payload));
    envelope.put("payloadType", payloadType);
    envelope
        .putArray("signatures")
        .addObject()
        .put("sig", b64.encodeToString(key.sign(pae(payloadType, payload))));
    return envelope;
  }
}
