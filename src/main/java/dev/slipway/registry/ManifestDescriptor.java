package dev.slipway.registry;

import dev.slipway.core.Digest;
import java.util.Objects;

/** What a manifest HEAD reports: digest, media type and size in bytes. */
public record ManifestDescriptor(Digest digest, String mediaType, long size) {
  public ManifestDescriptor {
    Objects.requireNonNull(digest, "digest");
  }
}
