package dev.slipway.publish;

import dev.slipway.core.BlobSource;
import dev.slipway.core.Digest;
import dev.slipway.core.Progress;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A blob that reports the bytes read from it as an upload. Its task starts on the first read, so a
 * blob the registry already has (skipped, mounted) shows nothing. Progress is the furthest offset
 * any read reached: a retried request or a resumed chunk re-reads bytes without counting them
 * twice.
 */
final class CountedBlob implements BlobSource, AutoCloseable {
  private final BlobSource blob;
  private final Progress progress;
  private final String name;
  private Progress.Task task;
  private long reached;

  CountedBlob(BlobSource blob, Progress progress, String name) {
    this.blob = blob;
    this.progress = progress;
    this.name = name;
  }

  @Override
  public Digest digest() {
    return blob.digest();
  }

  @Override
  public long size() {
    return blob.size();
  }

  @Override
  public InputStream open() throws IOException {
    InputStream in = blob.open();
    synchronized (this) {
      if (task == null) {
        task = progress.task(Progress.Kind.UPLOAD, name, blob.size());
      }
    }
    return new FilterInputStream(in) {
      private long position;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          moved(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int off, int len) throws IOException {
        int n = super.read(buffer, off, len);
        if (n > 0) {
          moved(n);
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        position += skipped;
        return skipped;
      }

      private void moved(long n) {
        position += n;
        reachedOffset(position);
      }
    };
  }

  private synchronized void reachedOffset(long position) {
    if (position > reached) {
      task.advance(position - reached);
      reached = position;
    }
  }

  /** Ends the upload's task, if it started. */
  @Override
  public synchronized void close() {
    if (task != null) {
      task.done();
    }
  }
}
