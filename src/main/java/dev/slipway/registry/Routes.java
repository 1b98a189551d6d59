package dev.slipway.registry;

import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import java.net.URI;

/** URLs and token scopes of the distribution API for one repository. */
final class Routes {
  private final HostPolicy hostPolicy;

  Routes(HostPolicy hostPolicy) {
    this.hostPolicy = hostPolicy;
  }

  /** {@code <scheme>://<apiHost>/v2/<repository>/<rest>}. */
  URI repository(ImageReference ref, String rest) {
    String host = ref.apiHost();
    return URI.create(
        hostPolicy.scheme(host) + "://" + host + "/v2/" + ref.repository() + "/" + rest);
  }

  URI blob(ImageReference ref, dev.slipway.core.Digest digest) {
    return repository(ref, "blobs/" + digest);
  }

  URI uploads(ImageReference ref) {
    return repository(ref, "blobs/uploads/");
  }

  URI manifest(ImageReference ref) {
    return repository(ref, "manifests/" + ref.manifestReference());
  }

  /** {@code /v2/<name>/referrers/<digest>}: the OCI 1.1 referrers API. */
  URI referrers(ImageReference repo, Digest subject) {
    return repository(repo, "referrers/" + subject);
  }

  static String pull(ImageReference ref) {
    return "repository:" + ref.repository() + ":pull";
  }

  /** Token services name the right to delete {@code delete} (distribution) or {@code *}. */
  static String delete(ImageReference ref) {
    return "repository:" + ref.repository() + ":delete";
  }

  static String push(ImageReference ref) {
    return "repository:" + ref.repository() + ":pull,push";
  }
}
