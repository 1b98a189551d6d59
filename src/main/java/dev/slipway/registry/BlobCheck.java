package dev.slipway.registry;

import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.core.RegistryException;
import dev.slipway.registry.http.Request;
import dev.slipway.registry.http.Response;
import java.io.IOException;
import java.util.List;

/** {@code HEAD /v2/<name>/blobs/<digest>}: 200 means present, 404 absent. */
final class BlobCheck {
  private final RegistryContext context;

  BlobCheck(RegistryContext context) {
    this.context = context;
  }

  /** {@code scope} is the token scope to ask for: pull, or pull,push when about to upload. */
  boolean exists(ImageReference repo, Digest digest, String scope)
      throws IOException, RegistryException {
    Request request =
        Request.of("HEAD", context.routes().blob(repo, digest)).withScopes(List.of(scope));
    try (Response response = context.transport().execute(request)) {
      if (response.status() == 200) {
        return true;
      }
      if (response.status() == 404) {
        return false;
      }
      throw RegistryErrors.unexpected(response, repo, "checking blob " + digest);
    }
  }
}
