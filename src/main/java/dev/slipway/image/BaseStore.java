package dev.slipway.image;

import dev.slipway.core.Digest;
import java.nio.file.Path;

/**
 * Pulled base images on disk, by digest: {@code base/manifests/<hex>} (manifests and indexes) and
 * {@code base/blobs/sha256/<hex>} (configs and layers), each written whole through a temporary
 * sibling and checked against its digest when it is downloaded and again when it is used.
 */
public final class BaseStore {
  private final Path manifests;
  private final Path blobs;

  public BaseStore(Path cacheDir) {
    Path root = cacheDir.toAbsolutePath().resolve("base");
    this.manifests = root.resolve("manifests");
    this.blobs = root.resolve("blobs");
  }

  Path manifest(Digest digest) {
    return manifests.resolve(digest.hex());
  }

  Path blob(Digest digest) {
    return blobs.resolve(digest.algorithm()).resolve(digest.hex());
  }
}
