package dev.slipway.image;

import dev.slipway.core.Digest;
import dev.slipway.core.StoreCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

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

  /**
   * {@code slipway cache verify}: re-hashes every manifest and blob against its name and removes
   * those that do not match (the next build that needs one downloads it again), and cleans up stale
   * temporary files.
   */
  public void verify(StoreCheck check) throws IOException {
    verifyDir(manifests, "base/manifests/", check);
    verifyDir(blobs.resolve("sha256"), "base/blobs/sha256/", check);
  }

  private static void verifyDir(Path dir, String label, StoreCheck check) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.sorted().toList();
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (name.startsWith(".")) {
        check.cleanIfStale(file);
        continue;
      }
      check.checked();
      Digest actual;
      try {
        actual = Digest.sha256Of(file);
      } catch (NoSuchFileException e) {
        continue;
      }
      if (!actual.hex().equals(name)) {
        Files.deleteIfExists(file);
        check.removed(label + name, "its content hashes to " + actual);
      }
    }
  }
}
