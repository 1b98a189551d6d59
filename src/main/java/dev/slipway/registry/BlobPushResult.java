package dev.slipway.registry;

/**
 * How a blob reached the registry, and its size: the bytes sent for an upload, the bytes not sent
 * for a skipped or mounted blob.
 */
public record BlobPushResult(Outcome outcome, long size) {
  /** The registry already had it, took it from another repository, or received its bytes. */
  public enum Outcome {
    SKIPPED,
    MOUNTED,
    UPLOADED
  }

  public static BlobPushResult skipped(long size) {
    return new BlobPushResult(Outcome.SKIPPED, size);
  }

  public static BlobPushResult mounted(long size) {
    return new BlobPushResult(Outcome.MOUNTED, size);
  }

  /** Bytes that went over the wire: the size for an upload, none otherwise. */
  public long bytesUploaded() {
    return outcome == Outcome.UPLOADED ? size : 0;
  }
}
