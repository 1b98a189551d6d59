package dev.slipway.layer;

import dev.slipway.core.BlobSource;
import dev.slipway.core.Digest;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A built layer whose compressed blob sits in the {@link LayerStore}.
 *
 * @param diffId digest of the uncompressed tar, as listed in the image config's rootfs.diff_ids
 * @param digest digest of the compressed blob, as listed in the manifest
 * @param size size of the compressed blob in bytes
 * @param mediaType the OCI media type of the compressed blob
 * @param blob the compressed blob in the store
 * @param compression the codec that made the blob
 */
public record Layer(
    Digest diffId, Digest digest, long size, String mediaType, Path blob, Compression compression) {

  public Layer {
    Objects.requireNonNull(diffId, "diffId");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(blob, "blob");
    Objects.requireNonNull(compression, "compression");
    if (size < 0) {
      throw new IllegalArgumentException("layer size must be >= 0, not " + size);
    }
  }

  /** The compressed blob as a re-readable source for uploads and image layouts. */
  public BlobSource source() {
    return BlobSource.ofFile(blob, digest, size);
  }
}
