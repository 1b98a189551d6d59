package dev.slipway.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Where long-running work reports how far it got: compiles count packages, uploads and downloads
 * count bytes. Called from many threads at once. The default, {@link #NONE}, costs nothing, so
 * lower packages report unconditionally and only the command line decides what to show.
 */
public interface Progress {
  /** Reports nothing. */
  Progress NONE = (kind, name, total) -> Task.NONE;

  /** What a task counts, and so how it is shown. */
  enum Kind {
    /** Packages go compiled; the total, once known, is the packages the build reads. */
    COMPILE,
    /** Bytes sent to a registry. */
    UPLOAD,
    /** Bytes fetched: base-image layers, modules from upstream. */
    DOWNLOAD
  }

  /**
   * Starts a task.
   *
   * @param name what it is about: a platform, a blob, a module
   * @param total the amount it will reach, or {@code -1} while unknown
   */
  Task task(Kind kind, String name, long total);

  /** One piece of work in flight. Closing it is {@link #done()}; later calls are ignored. */
  interface Task extends AutoCloseable {
    Task NONE =
        new Task() {
          @Override
          public void advance(long n) {}

          @Override
          public void total(long total) {}

          @Override
          public void done() {}
        };

    /** Adds {@code n} (negative when a retry starts a transfer over). */
    void advance(long n);

    /** Sets the total once it becomes known. */
    void total(long total);

    void done();

    /** Copies {@code in} to {@code out}, advancing by each chunk; returns the bytes copied. */
    default long copy(InputStream in, OutputStream out) throws IOException {
      byte[] buffer = new byte[64 * 1024];
      long copied = 0;
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        advance(n);
        copied += n;
      }
      return copied;
    }

    @Override
    default void close() {
      done();
    }
  }
}
