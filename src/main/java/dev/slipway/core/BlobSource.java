package dev.slipway.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Content with a known digest and size that can be read more than once (for retries). */
public interface BlobSource {
  Digest digest();

  long size();

  InputStream open() throws IOException;

  static BlobSource ofBytes(byte[] bytes) {
    Digest digest = Digest.sha256Of(bytes);
    return new BlobSource() {
      @Override
      public Digest digest() {
        return digest;
      }

      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public InputStream open() {
        return new java.io.ByteArrayInputStream(bytes);
      }
    };
  }

  /** A file whose digest and size are already known (computed while it was written). */
  static BlobSource ofFile(Path file, Digest digest, long size) {
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
        return Files.newInputStream(file);
      }
    };
  }
}
