package dev.slipway.publish;

import dev.slipway.core.AtomicFiles;
import dev.slipway.core.Digest;
import dev.slipway.core.DigestMismatchException;
import dev.slipway.core.IoErrors;
import dev.slipway.core.RegistryException;
import dev.slipway.image.Descriptor;
import dev.slipway.image.ImageLayer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;

/**
 * Puts blobs into content-addressed directories, atomically. A file already under a blob's name is
 * kept only when its content is the blob's (size first, then the bytes themselves); anything else
 * is replaced.
 */
final class BlobFiles {
  private BlobFiles() {}

  static Path path(Path blobsDir, Digest digest) {
    return blobsDir.resolve(digest.algorithm()).resolve(digest.hex());
  }

  /**
   * Puts a layer under its digest: a good copy already there is reused; otherwise the layer is
   * copied, checked as it streams, and made again once if its source turns out to be damaged.
   */
  static void putLayer(Path blobsDir, ImageLayer layer, LayerReader reader)
      throws RegistryException, IOException {
    Descriptor d = layer.descriptor();
    Path target = path(blobsDir, d.digest());
    if (holds(target, d.digest(), d.size())) {
      return;
    }
    try {
      copy(reader, layer, target);
    } catch (DigestMismatchException damage) {
      reader.repair(layer, damage);
      copy(reader, layer, target);
    }
  }

  /** Writes {@code bytes} under their digest unless the same bytes are there already. */
  static void write(Path blobsDir, Digest digest, byte[] bytes) throws IOException {
    Path target = path(blobsDir, digest);
    if (Files.isRegularFile(target)
        && Files.size(target) == bytes.length
        && Arrays.equals(Files.readAllBytes(target), bytes)) {
      return;
    }
    Files.createDirectories(target.getParent());
    try {
      AtomicFiles.write(target, bytes);
    } catch (IOException e) {
      throw OutputErrors.at(target, e);
    }
  }

  /** True when {@code file} is {@code size} bytes hashing to {@code digest}. */
  static boolean holds(Path file, Digest digest, long size) throws IOException {
    return Files.isRegularFile(file)
        && Files.size(file) == size
        && Digest.sha256Of(file).equals(digest);
  }

  private static void copy(LayerReader reader, ImageLayer layer, Path target)
      throws RegistryException, IOException {
    Path temp = AtomicFiles.tempSibling(target);
    try {
      Optional<Path> vouched = reader.verifiedFile(layer);
      if (vouched.isPresent()) {
        // Hashed as this process wrote it: the file system may copy it without a pass through here.
        try {
          Files.copy(vouched.get(), temp, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
          throw OutputErrors.at(target, e);
        }
      } else {
        try (InputStream in = reader.open(layer);
            OutputStream out = IoErrors.naming(target, Files.newOutputStream(temp))) {
          LayerReader.copy(in, out);
        }
      }
      AtomicFiles.move(temp, target, true);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
