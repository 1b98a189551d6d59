package dev.slipway.registry;

/** How a blob reached the registry, and how many of its bytes were sent to get it there. */
public record BlobPushResult(Outcome outcome, long bytesUploaded) {
  /** The registry already had it, took it from another repository, or received its bytes. */
  public enum Outcome {
    SKIPPED,
    MOUNTED,
    UPLOADED
  }

  public static BlobPushResult skipped() {
    return new BlobPushResult(Outcome.SKIPPED, 0);
  }

  public static BlobPushResult mounted() {
    return new BlobPushResult(Outcome.MOUNTED, 0);
  }
}
