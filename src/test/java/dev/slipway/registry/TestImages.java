package dev.slipway.registry;

import dev.slipway.core.BlobSource;
import dev.slipway.core.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Small generated blobs, manifests and client options for registry tests. */
final class TestImages {
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  private TestImages() {}

  static BlobSource randomBlob(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return BlobSource.ofBytes(bytes);
  }

  static BlobSource config() {
    return BlobSource.ofBytes(
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
            .getBytes(StandardCharsets.UTF_8));
  }

  /** A minimal valid OCI image manifest with the given config and layer blobs. */
  static byte[] manifest(BlobSource config, BlobSource... layers) {
    List<String> layerJson = new ArrayList<>();
    for (BlobSource layer : layers) {
      layerJson.add(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer));
    }
    return ("{\"schemaVersion\":2,\"mediaType\":\""
            + OCI_MANIFEST
            + "\",\"config\":"
            + descriptor("application/vnd.oci.image.config.v1+json", config)
            + ",\"layers\":["
            + String.join(",", layerJson)
            + "]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String descriptor(String mediaType, BlobSource blob) {
    Digest digest = blob.digest();
    return "{\"mediaType\":\""
        + mediaType
        + "\",\"digest\":\""
        + digest
        + "\",\"size\":"
        + blob.size()
        + "}";
  }

  /** Anonymous, fast retries, warnings collected into {@code warnings}. */
  static RegistryOptions options(List<String> warnings) {
    return new RegistryOptions(
        Set.of(), 4, 3, Duration.ofMillis(10), CredentialSource.NONE, warnings::add);
  }
}
