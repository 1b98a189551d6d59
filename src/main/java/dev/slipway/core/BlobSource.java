package dev.slipway.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Content with a known digest and size that can be read more than once (for retries). */
public interface BlobSource {
  Digest digest();

  long size();

  InputStream open() throws IOException;

  /** Opens the content from its start, each time it is called. */
  @FunctionalInterface
  interface Opener {
    InputStream open() throws IOException;
  }

  /** Content whose digest and size are already known, read through {@code opener}. */
  static BlobSource of(Digest digest, long size, Opener opener) {
    return new BlobSource() {
      @Override
      public Digest digest() {
        return digest;
      }

      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream open() throws IOException {
        return opener.open();
      }
    };
  }

  static BlobSource ofBytes(byte[] bytes) {
    return of(Digest.sha256Of(bytes), bytes.length, () -> new ByteArrayInputStream(bytes));
  }

  /** A file whose digest and size are already known (computed while it was written). */
  static BlobSource ofFile(Path file, Digest digest, long size) {
    return of(digest, size, () -> Files.newInputStream(file));
  }
}
