package dev.slipway.registry;

/** What fetching one blob into a file came to. */
public enum BlobFetch {
  /** The verified bytes are at the target. */
  STORED,
  /** The registry has no such blob in the repository; nothing was written. */
  NOT_FOUND,
  /** The registry served bytes of another digest; nothing was written. */
  DIGEST_MISMATCH
}
