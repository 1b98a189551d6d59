package dev.slipway.publish;

import dev.slipway.core.Digest;
import dev.slipway.image.ImageLayer;
import dev.slipway.image.LayerFetcher;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Faults for the publishers: bytes flipped in place, and a fetcher that serves layers from their
 * files, repairs one by writing back the bytes it had when the test began (as a real rebuild or
 * download would), and can fail on a given layer the way a full disk does.
 */
final class FaultyLayers implements LayerFetcher {
  private final Map<Path, byte[]> originals = new HashMap<>();
  final List<Digest> repaired = new ArrayList<>();
  private Digest failOn;

  /** Remembers the good bytes of every layer of {@code layers}, for {@link #repair}. */
  FaultyLayers remember(List<ImageLayer> layers) throws IOException {
    for (ImageLayer l : layers) {
      originals.put(l.localFile(), Files.readAllBytes(l.localFile()));
    }
    return this;
  }

  /** Fetching this layer fails as writing to a full disk does. */
  FaultyLayers failOn(Digest digest) {
    this.failOn = digest;
    return this;
  }

  @Override
  public Path fetch(ImageLayer layer) throws IOException {
    if (layer.descriptor().digest().equals(failOn)) {
      throw new IOException("No space left on device");
    }
    return layer.localFile();
  }

  @Override
  public Path repair(ImageLayer layer, String problem) throws IOException {
    byte[] good = originals.get(layer.localFile());
    if (good == null) {
      throw new IOException(problem + "; cannot be made again");
    }
    repaired.add(layer.descriptor().digest());
    Files.write(layer.localFile(), good);
    return layer.localFile();
  }

  /** Flips one bit in the middle of {@code file}, keeping its size and name. */
  static void flip(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long at = f.length() / 2;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 1);
    }
  }
}
