package dev.slipway.registry;

import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.core.RegistryException;
import dev.slipway.registry.http.Body;
import dev.slipway.registry.http.Request;
import dev.slipway.registry.http.Response;
import java.io.IOException;
import java.util.List;

/**
 * {@code PUT /v2/<name>/manifests/<tag-or-digest>} with Content-Type equal to the manifest's media
 * type; the registry stores the exact bytes. Callers push the blobs first.
 */
final class ManifestPut {
  private final RegistryContext context;

  ManifestPut(RegistryContext context) {
    this.context = context;
  }

  Digest put(ImageReference ref, byte[] body, String mediaType)
      throws IOException, RegistryException {
    return put(ref, body, mediaType, new boolean[1]);
  }

  /**
   * As {@link #put(ImageReference, byte[], String)}; {@code subjectSeen[0]} is set when the
   * registry answered with an {@code OCI-Subject} header, which the distribution spec says a
   * registry with the referrers API sends for a manifest with a subject.
   */
  Digest put(ImageReference ref, byte[] body, String mediaType, boolean[] subjectSeen)
      throws IOException, RegistryException {
    Digest digest = Digest.sha256Of(body);
    if (ref.digest() != null && !ref.digest().equals(digest)) {
      throw new IllegalArgumentException(
          "manifest bytes have digest " + digest + " but the reference is " + ref);
    }
    Request request =
        Request.of("PUT", context.routes().manifest(ref))
            .withBody(Body.ofBytes(body.clone(), mediaType))
            .withScopes(List.of(Routes.push(ref)));
    try (Response response = context.transport().execute(request)) {
      if (response.status() != 201 && response.status() != 200) {
        throw RegistryErrors.unexpected(response, ref, "pushing manifest " + ref);
      }
      subjectSeen[0] = response.headers().first("OCI-Subject").isPresent();
      String stored = response.headers().first("Docker-Content-Digest").orElse(null);
      if (stored != null && !stored.trim().equals(digest.toString())) {
        throw new RegistryException(
            "registry "
                + ref.apiHost()
                + " stored manifest "
                + ref
                + " as "
                + stored.trim()
                + ", not "
                + digest);
      }
      return digest;
    }
  }
}
