package dev.slipway.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.BlobSource;
import dev.slipway.core.ImageReference;
import dev.slipway.core.RegistryException;
import dev.slipway.image.Json;
import dev.slipway.image.MediaTypes;
import dev.slipway.image.Referrer;
import dev.slipway.registry.FetchedManifest;
import dev.slipway.registry.RegistryClient;
import java.io.IOException;
import java.util.Optional;

/**
 * Pushes an image's referrers, after the image: each artifact's blobs, then its manifest by digest.
 * A registry with the OCI 1.1 referrers API says so with an {@code OCI-Subject} header and indexes
 * it itself; for any other (Debian's docker-registry 2.8, for one) the distribution spec's fallback
 * applies: an index under the tag {@code sha256-<hex of the subject>} listing every referrer of
 * that subject, read, extended and written back. Two pushes of referrers to the same subject at the
 * same moment can lose one entry of that index, as with every client of the fallback schema. Used
 * by publishing, and by {@code slipway verify} for the verification summary it attaches.
 */
public final class ReferrerPush {
  private final RegistryClient client;

  public ReferrerPush(RegistryClient client) {
    this.client = client;
  }

  /** Pushes {@code referrer} to the repository of {@code dest}; the count of blobs uploaded. */
  public int push(ImageReference dest, Referrer referrer) throws RegistryException, IOException {
    int uploaded = 0;
    for (Referrer.Blob blob : referrer.blobs()) {
      var r = client.pushBlob(dest, BlobSource.ofBytes(blob.bytes()), Optional.empty());
      if (r.outcome() != dev.slipway.registry.BlobPushResult.Outcome.SKIPPED) {
        uploaded++;
      }
    }
    boolean indexed =
        client.putReferrer(
            dest.withDigest(referrer.manifest().digest()),
            referrer.manifestBytes(),
            referrer.manifest().mediaType());
    if (!indexed) {
      addToFallbackTag(dest, referrer);
    }
    return uploaded;
  }

  private void addToFallbackTag(ImageReference dest, Referrer referrer)
      throws RegistryException, IOException {
    ImageReference tag = dest.withTag("sha256-" + referrer.subject().digest().hex());
    Optional<FetchedManifest> existing = client.findManifest(tag);
    ObjectNode index;
    if (existing.isPresent() && MediaTypes.isIndex(existing.get().mediaType())) {
      JsonNode read = Json.MAPPER.readTree(existing.get().bytes());
      index = read instanceof ObjectNode o ? o : fresh();
    } else {
      index = fresh();
    }
    ArrayNode manifests =
        index.get("manifests") instanceof ArrayNode a ? a : index.putArray("manifests");
    String digest = referrer.manifest().digest().toString();
    for (JsonNode m : manifests) {
      if (digest.equals(m.path("digest").asText())) {
        return; // listed already: the same artifact pushed again
      }
    }
    ObjectNode d = manifests.addObject();
    d.put("mediaType", referrer.manifest().mediaType());
    d.put("digest", digest);
    d.put("size", referrer.manifest().size());
    d.put("artifactType", referrer.artifactType());
    JsonNode annotations = Json.MAPPER.readTree(referrer.manifestBytes()).path("annotations");
    if (annotations.isObject() && !annotations.isEmpty()) {
      d.set("annotations", annotations);
    }
    client.putManifest(tag, Json.bytes(index), MediaTypes.OCI_INDEX);
  }

  private static ObjectNode fresh() {
    ObjectNode index = Json.object();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    index.putArray("manifests");
    return index;
  }
}
