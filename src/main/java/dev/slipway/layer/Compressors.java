package dev.slipway.layer;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.slipway.core.DaemonThreads;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/** Opens compressing streams whose output depends only on the input, codec and level. */
final class Compressors {
  /**
   * gzip header with no mtime, no file name, XFL 0 and OS 255 ("unknown"). Written by hand because
   * GZIPOutputStream's OS byte changed between JDK 15 and 16 (JDK-8244706), which would change the
   * layer digest with the JDK that built it.
   */
  static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private Compressors() {}

  /**
   * The threads gzip blocks are compressed on, shared by all layers so concurrent builds do not
   * oversubscribe the cores. Created on first use; daemon threads, so they never hold up exit. On
   * one core the writer compresses each block itself. The count only changes speed: the output is
   * the same for any count.
   */
  private static final class GzipPool {
    static final int THREADS = Runtime.getRuntime().availableProcessors();
    static final Executor EXECUTOR =
        THREADS == 1
            ? Runnable::run
            : Executors.newFixedThreadPool(THREADS, DaemonThreads.named("slipway-gzip"));
  }

  /**
   * Names the byte format {@link #open} writes for {@code compression}, for the layer store's
   * index. Change it whenever the same input and level would compress to other bytes (gzip became
   * "pgzip" when it went block-parallel), so a blob made the old way is never reused as if it were
   * what this version makes, which would make the layer digest depend on the cache's history.
   */
  static String format(Compression compression) {
    return switch (compression) {
      case GZIP -> "pgzip";
      case ZSTD -> "zstd";
    };
  }

  /**
   * Wraps {@code out}; closing the result finishes the compressed stream and closes {@code out}.
   */
  static OutputStream open(Compression compression, int level, OutputStream out)
      throws IOException {
    compression.checkLevel(level);
    return switch (compression) {
      case GZIP ->
          new ParallelGzipOutputStream(out, level, GzipPool.EXECUTOR, 2 * GzipPool.THREADS);
      case ZSTD -> {
        ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(out);
        zstd.setLevel(level);
        // Single-threaded (workers 0) so the frame layout never depends on the machine.
        zstd.setWorkers(0);
        zstd.setChecksum(true);
        yield new NoFlush(zstd);
      }
    };
  }

  /**
   * Ignores flush(): a zstd flush ends a block early, so a caller's flush (FilterOutputStream.close
   * does one) must not reach the codec and alter the output.
   */
  private static final class NoFlush extends FilterOutputStream {
    NoFlush(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void flush() {}

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
