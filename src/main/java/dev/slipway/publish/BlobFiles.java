package dev.slipway.publish;

import dev.slipway.core.AtomicFiles;
import dev.slipway.core.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Copies blobs into content-addressed directories, once, atomically. */
final class BlobFiles {
  private BlobFiles() {}

  static Path path(Path blobsDir, Digest digest) {
    return blobsDir.resolve(digest.algorithm()).resolve(digest.hex());
  }

  /** Copies {@code source} to its digest's path unless a file of the right size is there. */
  static void copy(Path blobsDir, Digest digest, long size, Path source) throws IOException {
    Path target = path(blobsDir, digest);
    if (Files.isRegularFile(target) && Files.size(target) == size) {
      return;
    }
    Path temp = AtomicFiles.tempSibling(target);
    try {
      Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
      AtomicFiles.move(temp, target, true);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  static void write(Path blobsDir, Digest digest, byte[] bytes) throws IOException {
    Path target = path(blobsDir, digest);
    if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
      return;
    }
    Files.createDirectories(target.getParent());
    AtomicFiles.write(target, bytes);
  }
}
