package dev.slipway.layer;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** Opens compressing streams whose output depends only on the input, codec and level. */
final class Compressors {
  private static final int BUFFER = 64 * 1024;

  /**
   * gzip header with no mtime, no file name, XFL 0 and OS 255 ("unknown"). Written by hand because
   * GZIPOutputStream's OS byte changed between JDK 15 and 16 (JDK-8244706), which would change the
   * layer digest with the JDK that built it.
   */
  static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private Compressors() {}

  /**
   * Wraps {@code out}; closing the result finishes the compressed stream and closes {@code out}.
   */
  static OutputStream open(Compression compression, int level, OutputStream out)
      throws IOException {
    compression.checkLevel(level);
    return switch (compression) {
      case GZIP -> new GzipStream(out, level);
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

  /** Raw deflate framed as gzip by hand: fixed header, then CRC-32 and size as the trailer. */
  private static final class GzipStream extends FilterOutputStream {
    private final Deflater deflater;
    private final DeflaterOutputStream deflate;
    private final CRC32 crc = new CRC32();
    private long size;
    private boolean closed;

    GzipStream(OutputStream out, int level) throws IOException {
      super(out);
      this.deflater = new Deflater(level, true);
      this.deflate = new DeflaterOutputStream(out, deflater, BUFFER);
      out.write(GZIP_HEADER);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      deflate.write(b, off, len);
      crc.update(b, off, len);
      size += len;
    }

    @Override
    public void flush() throws IOException {
      // Flushing a deflater mid-stream would add sync markers and change the output; only pass on.
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        deflate.finish();
        writeLittleEndian((int) crc.getValue());
        writeLittleEndian((int) size); // ISIZE is the size modulo 2^32
        out.close();
      } finally {
        deflater.end();
      }
    }

    private void writeLittleEndian(int v) throws IOException {
      out.write(new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)});
    }
  }
}
