package dev.slipway.publish;

import java.util.Map;

/**
 * What a publisher did.
 *
 * @param images per target name, where the image now is ({@code repo@digest} for a registry)
 * @param proof a value that {@link Publisher#isPresent} can check later (for example the digest of
 *     a written file), or empty
 */
public record PublishResult(
    Map<String, String> images,
    String proof,
    int uploaded,
    int skipped,
    int mounted,
    long bytesUploaded,
    long bytesSkipped,
    long bytesMounted) {
  public PublishResult {
    images = Map.copyOf(images);
  }

  public static PublishResult local(String proof) {
    return new PublishResult(Map.of(), proof, 0, 0, 0, 0, 0, 0);
  }
}
