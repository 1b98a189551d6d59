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
 * The referrers of a manifest, as the distribution spec 1.1 lists them: {@code GET
 * /v2/<name>/referrers/<digest>} (an image index), or, where the registry has no such API (it
 * answers 404), the index under the fallback tag {@code sha256-<hex>}.
 */
final class ReferrersGet {
  private static final int MAX_INDEX = 4 << 20;

  private final RegistryContext context;
  private final ManifestGet manifests;

  ReferrersGet(RegistryContext context, ManifestGet manifests) {
    this.context = context;
    this.manifests = manifests;
  }

  /** The index of referrers of {@code subject} in {@code repo}; empty when there are none. */
  Optional<byte[]> list(ImageReference repo, Digest subject) throws IOException, RegistryException {
    Request request =
        Request.of("GET", context.routes().referrers(repo, subject))
            .withHeader("Accept", "application/vnd.oci.image.index.v1+json")
            .withScopes(List.of(Routes.pull(repo)));
    try (Response response = context.transport().execute(request)) {
      if (response.status() == 200) {
        byte[] bytes = response.bodyBytes(MAX_INDEX + 1);
        if (bytes.length > MAX_INDEX) {
          throw new RegistryException("the referrers of " + subject + " are over 4 MiB");
        }
        return Optional.of(bytes);
      }
      if (response.status() != 404 && response.status() != 405) {
        throw RegistryErrors.unexpected(response, repo, "listing the referrers of " + subject);
      }
      response.discard();
    }
    ImageReference fallback = repo.withTag(subject.algorithm() + "-" + subject.hex());
    return manifests.find(fallback).map(FetchedManifest::bytes);
  }
}
