package dev.slipway.publish;

import dev.slipway.core.Digest;
import dev.slipway.core.DigestMismatchException;
import dev.slipway.core.RegistryException;
import dev.slipway.core.VerifyingInputStream;
import dev.slipway.image.Descriptor;
import dev.slipway.image.ImageLayer;
import dev.slipway.image.LayerFetcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How an output reads layer bytes: checked against the layer's digest as they stream (the output
 * reads every byte anyway, so the check costs hashing and no extra read), unless this process wrote
 * and hashed them itself. A damaged or vanished layer is repaired through the fetcher once per
 * layer, then read again; damage that survives the repair is an error.
 */
final class LayerReader {
  private static final int COPY_BUFFER = 256 * 1024;
  private final LayerFetcher fetcher;
  private final Set<Digest> repaired = ConcurrentHashMap.newKeySet();

  LayerReader(LayerFetcher fetcher) {
    this.fetcher = fetcher;
  }

  /**
   * The layer's bytes; the read that would end them throws {@link DigestMismatchException} when
   * they do not match, and so does opening a layer file that is gone.
   */
  InputStream open(ImageLayer layer) throws RegistryException, IOException {
    Descriptor d = layer.descriptor();
    Path file = fetcher.fetch(layer);
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new DigestMismatchException("layer " + d.digest() + " at " + file + " is missing");
    }
    if (fetcher.verified(layer)) {
      return in;
    }
    return new VerifyingInputStream(
        in, d.digest(), d.size(), "layer " + d.digest() + " at " + file);
  }

  /** The layer's file, when this process wrote and hashed it, so it need not be checked. */
  Optional<Path> verifiedFile(ImageLayer layer) throws RegistryException, IOException {
    return fetcher.verified(layer) ? Optional.of(fetcher.fetch(layer)) : Optional.empty();
  }

  /** Copies {@code in} to {@code out} in large pieces: layers are megabytes, not kilobytes. */
  static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[COPY_BUFFER];
    for (int n; (n = in.read(buffer)) != -1; ) {
      out.write(buffer, 0, n);
    }
  }

  /**
   * After {@code damage} was found in the layer's bytes: makes them again, the first time for each
   * layer; the second time the damage is rethrown, since repairing again would not help.
   */
  void repair(ImageLayer layer, DigestMismatchException damage)
      throws RegistryException, IOException {
    if (!repaired.add(layer.descriptor().digest())) {
      throw new IOException(damage.getMessage() + ", even after it was made again", damage);
    }
    fetcher.repair(layer, damage.getMessage());
  }

  /**
   * Whether the layer's local bytes are damaged, found by hashing them: for an output that learnt
   * of a failure only afterwards (a registry refusing an upload sent in slices).
   */
  Optional<DigestMismatchException> damage(ImageLayer layer) throws RegistryException, IOException {
    if (fetcher.verified(layer)) {
      return Optional.empty();
    }
    try (InputStream in = open(layer)) {
      in.transferTo(OutputStream.nullOutputStream());
      return Optional.empty();
    } catch (DigestMismatchException e) {
      return Optional.of(e);
    }
  }
}
