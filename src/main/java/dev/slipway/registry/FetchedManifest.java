package dev.slipway.registry;

import dev.slipway.core.Digest;

/** A manifest's bytes exactly as served, its media type and the SHA-256 digest of those bytes. */
public record FetchedManifest(byte[] bytes, String mediaType, Digest digest) {
  public FetchedManifest {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }
}
