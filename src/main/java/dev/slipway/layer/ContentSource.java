package dev.slipway.layer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The bytes of a regular file in a layer: held in memory or read from disk when the tar is made.
 */
public sealed interface ContentSource {
  /** The size in bytes now; for a file this is read from disk at each call. */
  long size() throws IOException;

  InputStream open() throws IOException;

  /** Content held in memory; the array is not copied, so do not change it afterwards. */
  static ContentSource ofBytes(byte[] bytes) {
    return new Bytes(bytes);
  }

  /** Content read from {@code file} (following symlinks) each time the layer is written. */
  static ContentSource ofFile(Path file) {
    return new FileContent(file);
  }

  /** In-memory content. */
  record Bytes(byte[] bytes) implements ContentSource {
    public Bytes {
      Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public InputStream open() {
      return new ByteArrayInputStream(bytes);
    }
  }

  /** Content of a file on disk. */
  record FileContent(Path file) implements ContentSource {
    public FileContent {
      Objects.requireNonNull(file, "file");
    }

    @Override
    public long size() throws IOException {
      return Files.size(file);
    }

    @Override
    public InputStream open() throws IOException {
      return Files.newInputStream(file);
    }
  }
}
