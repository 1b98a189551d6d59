package dev.slipway.registry;

import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.core.RegistryException;
import dev.slipway.registry.http.Request;
import dev.slipway.registry.http.Response;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v2/<name>/manifests/<ref>}: the bytes exactly as served and their SHA-256; a
 * reference by digest must match it.
 */
final class ManifestGet {
  /** Distribution refuses manifests over 4 MiB; anything bigger is not a manifest. */
  private static final int MAX_MANIFEST = 4 << 20;

  private final RegistryContext context;

  ManifestGet(RegistryContext context) {
    this.context = context;
  }

  FetchedManifest get(ImageReference ref) throws IOException, RegistryException {
    return find(ref)
        .orElseThrow(
            () -> new RegistryException("manifest " + ref + " not found on " + ref.apiHost()));
  }

  /** As {@link #get}, but a 404 is an empty answer: one request where HEAD then GET takes two. */
  Optional<FetchedManifest> find(ImageReference ref) throws IOException, RegistryException {
    Request request =
        Request.of("GET", context.routes().manifest(ref))
            .withHeader("Accept", ManifestEndpoints.ACCEPT)
            .withScopes(List.of(Routes.pull(ref)));
    try (Response response = context.transport().execute(request)) {
      if (response.status() == 404) {
        response.discard();
        return Optional.empty();
      }
      if (response.status() != 200) {
        throw RegistryErrors.unexpected(response, ref, "fetching manifest " + ref);
      }
      byte[] bytes = response.bodyBytes(MAX_MANIFEST + 1);
      if (bytes.length > MAX_MANIFEST) {
        throw new RegistryException("manifest " + ref + " is larger than 4 MiB; refusing it");
      }
      Digest digest = Digest.sha256Of(bytes);
      if (ref.digest() != null && !ref.digest().equals(digest)) {
        throw new RegistryException(
            "manifest "
                + ref
                + " from "
                + ref.apiHost()
                + " has digest "
                + digest
                + ", not the one requested");
      }
      String mediaType =
          ManifestEndpoints.mediaType(response.headers().first("Content-Type").orElse(null));
      return Optional.of(new FetchedManifest(bytes, mediaType, digest));
    }
  }
}
