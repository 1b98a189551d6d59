package dev.slipway.registry;

import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.core.RegistryException;
import dev.slipway.registry.http.Request;
import dev.slipway.registry.http.Response;
import java.io.IOException;
import java.util.List;

/**
 * {@code DELETE /v2/<name>/blobs/<digest>}: 202 deleted, 404 absent, 405 deletion disabled. Most
 * registries (distribution among them) only unlink the blob from the repository; its bytes stay
 * until garbage collection, so an upload of the same digest may link the same bytes again.
 */
final class BlobDelete {
  private final RegistryContext context;

  BlobDelete(RegistryContext context) {
    this.context = context;
  }

  /** Deleted, absent, or deletion disabled are all answers; anything else is an error. */
  void delete(ImageReference repo, Digest digest) throws IOException, RegistryException {
    Request request =
        Request.of("DELETE", context.routes().blob(repo, digest))
            .withScopes(List.of(Routes.delete(repo)));
    try (Response response = context.transport().execute(request)) {
      switch (response.status()) {
        case 200, 202, 204, 404, 405 -> response.discard();
        default -> throw RegistryErrors.unexpected(response, repo, "deleting blob " + digest);
      }
    }
  }
}
