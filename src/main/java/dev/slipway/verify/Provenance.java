package dev.slipway.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.attest.Dsse;
import dev.slipway.attest.SigstoreBundle;
import dev.slipway.attest.SlsaProvenance;
import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.core.RegistryException;
import dev.slipway.core.UsageException;
import dev.slipway.registry.RegistryClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SLSA provenance attached to an image, found among its referrers (the referrers API or the
 * fallback tag). With a public key, only a Sigstore bundle whose signature the key verifies is
 * taken; without one, a plain statement is preferred and a bundle is read unchecked, and {@link
 * #signatureChecked} says so.
 */
record Provenance(JsonNode statement, boolean signatureChecked, Digest manifest) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String IN_TOTO = "application/vnd.in-toto+json";

  static Provenance read(
      RegistryClient registry, ImageReference repo, Digest root, Optional<PublicKey> key, Path temp)
      throws IOException, RegistryException, UsageException {
    JsonNode index =
        JSON.readTree(
            registry
                .referrers(repo, root)
                .orElseThrow(() -> noProvenance(repo, root, "it has no referrers")));
    List<JsonNode> plain = new ArrayList<>();
    List<JsonNode> signed = new ArrayList<>();
    for (JsonNode entry : index.path("manifests")) {
      String predicate =
          entry.path("annotations").path(SigstoreBundle.PREDICATE_TYPE_ANNOTATION).asText();
      if (!predicate.equals(SlsaProvenance.PREDICATE_TYPE)) {
        continue;
      }
      String type = entry.path("artifactType").asText();
      if (type.equals(IN_TOTO)) {
        plain.add(entry);
      } else if (type.equals(SigstoreBundle.MEDIA_TYPE)) {
        signed.add(entry);
      }
    }
    if (key.isPresent()) {
      for (int i = signed.size() - 1; i >= 0; i--) {
        JsonNode entry = signed.get(i);
        JsonNode bundle = JSON.readTree(content(registry, repo, entry, temp));
        Optional<byte[]> payload = Dsse.verify(bundle.path("dsseEnvelope"), key.get());
        if (payload.isPresent()) {
          return new Provenance(JSON.readTree(payload.get()), true, digest(entry));
        }
      }
      throw noProvenance(repo, root, "no provenance it has is signed by the key given");
    }
    if (!plain.isEmpty()) {
      JsonNode entry = plain.get(plain.size() - 1);
      return new Provenance(
          JSON.readTree(content(registry, repo, entry, temp)), false, digest(entry));
    }
    if (!signed.isEmpty()) {
      JsonNode entry = signed.get(signed.size() - 1);
      JsonNode bundle = JSON.readTree(content(registry, repo, entry, temp));
      String payload = bundle.path("dsseEnvelope").path("payload").asText();
      return new Provenance(
          JSON.readTree(java.util.Base64.getDecoder().decode(payload)), false, digest(entry));
    }
    throw noProvenance(repo, root, "none of its referrers is SLSA provenance");
  }

  private static Digest digest(JsonNode entry) {
    return Digest.parse(entry.path("digest").asText());
  }

  /** The one layer of the referrer {@code entry} names, checked against its digest. */
  private static byte[] content(
      RegistryClient registry, ImageReference repo, JsonNode entry, Path temp)
      throws IOException, RegistryException {
    Digest manifest = Digest.parse(entry.path("digest").asText());
    JsonNode m = JSON.readTree(registry.getManifest(repo.withDigest(manifest)).bytes());
    Digest layer = Digest.parse(m.path("layers").path(0).path("digest").asText());
    Path file = temp.resolve("referrer-" + layer.hex());
    registry.downloadBlob(repo, layer, file);
    if (!Digest.sha256Of(file).equals(layer)) {
      throw new RegistryException("referrer blob " + layer + " does not match its digest");
    }
    return Files.readAllBytes(file);
  }

  private static UsageException noProvenance(ImageReference repo, Digest root, String why) {
    return new UsageException(
        repo.withDigest(root)
            + ": "
            + why
            + "; build it with --provenance (and --sign-key to sign it)");
  }

  JsonNode external() {
    return statement.path("predicate").path("buildDefinition").path("externalParameters");
  }

  /**
   * The pulled base as the build read it, pinned by digest (the same for every platform), so a tag
   * that has moved since does not change the rebuild.
   */
  Optional<String> pinnedBase() {
    for (JsonNode d :
        statement.path("predicate").path("buildDefinition").path("resolvedDependencies")) {
      String pinned = d.path("annotations").path("pinned").asText();
      if (!pinned.isEmpty()) {
        return Optional.of(pinned);
      }
    }
    return Optional.empty();
  }

  /** The git commit the image was built from, if the build knew it. */
  Optional<String> commit() {
    for (JsonNode d :
        statement.path("predicate").path("buildDefinition").path("resolvedDependencies")) {
      String commit = d.path("digest").path("gitCommit").asText();
      if (!commit.isEmpty()) {
        return Optional.of(commit);
      }
    }
    return Optional.empty();
  }
}
