package dev.slipway.cacheprog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The go command's build cache as GOCACHEPROG sees it: action IDs mapped to output files. */
public interface ActionStore {
  /**
   * The output recorded for {@code actionId}, or empty. A damaged entry is a miss, never an error:
   * the go command then rebuilds and puts it again.
   */
  Optional<Entry> get(byte[] actionId) throws IOException;

  /**
   * Stores {@code body} (exactly {@code size} bytes whose SHA-256 is {@code outputId}) under {@code
   * actionId}, atomically, and returns the absolute path of a local file holding it.
   *
   * @throws IOException if the body's size or hash disagree, or writing fails
   */
  Path put(byte[] actionId, byte[] outputId, long size, InputStream body) throws IOException;

  /** A stored output: its ID (SHA-256 of the content), size, when it was stored, and the file. */
  record Entry(byte[] outputId, long size, Instant time, Path diskPath) {
    public Entry {
      Objects.requireNonNull(outputId, "outputId");
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(diskPath, "diskPath");
      if (size < 0) {
        throw new IllegalArgumentException("negative size " + size);
      }
      outputId = outputId.clone();
    }

    @Override
    public byte[] outputId() {
      return outputId.clone();
    }
  }
}
