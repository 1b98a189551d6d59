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
 * {@code HEAD /v2/<name>/manifests/<ref>}: the cheap "is it already pushed" check. A registry that
 * omits Docker-Content-Digest is asked again with GET.
 */
final class ManifestHead {
  private final RegistryContext context;
  private final ManifestGet get;

  ManifestHead(RegistryContext context, ManifestGet get) {
    this.context = context;
    this.get = get;
  }

  Optional<ManifestDescriptor> head(ImageReference ref) throws IOException, RegistryException {
    Request request =
        Request.of("HEAD", context.routes().manifest(ref))
            .withHeader("Accept", ManifestEndpoints.ACCEPT)
            .withScopes(List.of(Routes.pull(ref)));
    try (Response response = context.transport().execute(request)) {
      if (response.status() == 404) {
        return Optional.empty();
      }
      if (response.status() != 200) {
        throw RegistryErrors.unexpected(response, ref, "checking manifest " + ref);
      }
      Optional<String> digest = response.headers().first("Docker-Content-Digest");
      String mediaType =
          ManifestEndpoints.mediaType(response.headers().first("Content-Type").orElse(null));
      Optional<Long> size =
          response.headers().first("Content-Length").map(v -> Long.parseLong(v.trim()));
      if (digest.isPresent() && size.isPresent()) {
        return Optional.of(
            new ManifestDescriptor(Digest.parse(digest.get()), mediaType, size.get()));
      }
    } catch (IllegalArgumentException e) {
      throw new RegistryException(
          "registry "
              + ref.apiHost()
              + " sent a malformed header for "
              + ref
              + ": "
              + e.getMessage());
    }
    FetchedManifest fetched = get.get(ref);
    return Optional.of(
        new ManifestDescriptor(fetched.digest(), fetched.mediaType(), fetched.bytes().length));
  }
}
