package dev.slipway.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.Digest;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * An in-toto Statement v1: what a predicate (provenance, an SBOM, a signature claim) is about, each
 * subject named by its digest.
 */
public final class InTotoStatement {
  public static final String TYPE = "https://in-toto.io/Statement/v1";

  /** The predicate of cosign 3's image signatures: the subject's digest is the whole claim. */
  public static final String COSIGN_SIGN = "https://sigstore.dev/cosign/sign/v1";

  static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private InTotoStatement() {}

  /** A subject: a digest, and a name when the predicate type wants one (null for none). */
  public record Subject(String name, Digest digest) {
    public Subject {
      Objects.requireNonNull(digest, "digest");
    }
  }

  public static byte[] write(List<Subject> subjects, String predicateType, JsonNode predicate) {
    ObjectNode root = JSON.createObjectNode();
    root.put("_type", TYPE);
    var array = root.putArray("subject");
    for (Subject s : subjects) {
      ObjectNode subject = array.addObject();
      if (s.name() != null) {
        subject.put("name", s.name());
      }
      subject.putObject("digest").put(s.digest().algorithm(), s.digest().hex());
    }
    root.put("predicateType", predicateType);
    root.set("predicate", predicate);
    try {
      return JSON.writeValueAsBytes(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A statement whose predicate is the JSON document {@code predicate} (an SBOM, say). */
  public static byte[] write(List<Subject> subjects, String predicateType, byte[] predicate) {
    try {
      return write(subjects, predicateType, JSON.readTree(predicate));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("the predicate is not JSON", e);
    }
  }

  /** cosign's signature claim for an image manifest or index: the digest and nothing else. */
  public static byte[] signatureClaim(Digest image) {
    return write(List.of(new Subject(null, image)), COSIGN_SIGN, JSON.createObjectNode());
  }
}
