package dev.slipway.layer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * One gzip member compressed on several cores, as pigz does, with output that depends only on the
 * input and the level.
 *
 * <p>The input is cut into {@link #BLOCK} byte blocks, a constant so the cut points never depend on
 * the machine. Each block is raw-deflated on its own, primed with the 32 KiB before it as the
 * preset dictionary so matches still reach back across the cut, and ends with a sync flush (the
 * last with the final block bit instead), so the pieces join into one deflate stream. The writer
 * thread keeps the CRC-32 and size for the trailer and writes finished blocks in order; at most
 * {@code inFlight} blocks wait in memory, so a layer of any size streams through a few MiB.
 */
final class ParallelGzipOutputStream extends OutputStream {
  /** The unit of parallel work. Changing it changes every gzip layer digest. */
  static final int BLOCK = 1 << 20;

  /** Deflate's window: the most a match can reach back. */
  private static final int DICTIONARY = 32 * 1024;

  private final OutputStream out;
  private final int level;
  private final Executor executor;
  private final int inFlight;
  private final CRC32 crc = new CRC32();
  private final ArrayDeque<Future<Compressed>> pending = new ArrayDeque<>();

  /** Input and output buffers of written blocks, reused so a layer allocates only a few. */
  private final ArrayDeque<byte[]> spareInput = new ArrayDeque<>();

  private final ArrayDeque<byte[]> spareOutput = new ArrayDeque<>();
  private byte[] block = new byte[BLOCK];
  private int filled;
  private byte[] dictionary;
  private long size;
  private boolean closed;

  /**
   * Writes the gzip header to {@code out} now. Blocks are compressed on {@code executor}, at most
   * {@code inFlight} at a time; neither changes the output. Closing finishes the member and closes
   * {@code out}.
   */
  ParallelGzipOutputStream(OutputStream out, int level, Executor executor, int inFlight)
      throws IOException {
    if (inFlight < 1) {
      throw new IllegalArgumentException("inFlight must be >= 1, not " + inFlight);
    }
    this.out = out;
    this.level = level;
    this.executor = executor;
    this.inFlight = inFlight;
    out.write(Compressors.GZIP_HEADER);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("gzip stream is closed");
    }
    crc.update(b, off, len);
    size += len;
    while (len > 0) {
      // A full block is sent only once more input arrives, so only the true last block finishes.
      if (filled == BLOCK) {
        submit(false);
      }
      int n = Math.min(len, BLOCK - filled);
      System.arraycopy(b, off, block, filled, n);
      filled += n;
      off += n;
      len -= n;
    }
  }

  /** Passes on only: a flush of the deflater mid-block would change the output. */
  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (out) {
      submit(true);
      while (!pending.isEmpty()) {
        writeOldest();
      }
      int crcValue = (int) crc.getValue();
      int isize = (int) size; // ISIZE is the size modulo 2^32
      out.write(
          new byte[] {
            (byte) crcValue,
            (byte) (crcValue >> 8),
            (byte) (crcValue >> 16),
            (byte) (crcValue >> 24),
            (byte) isize,
            (byte) (isize >> 8),
            (byte) (isize >> 16),
            (byte) (isize >> 24)
          });
    } finally {
      pending.forEach(f -> f.cancel(false));
      pending.clear();
    }
  }

  private void submit(boolean last) throws IOException {
    while (pending.size() >= inFlight) {
      writeOldest();
    }
    byte[] input = block;
    int length = filled;
    byte[] preset = dictionary;
    byte[] output = spareOutput.poll();
    // Copied, not shared: this block's buffer is reused once it is written out.
    dictionary = last ? null : Arrays.copyOfRange(input, length - DICTIONARY, length);
    CompletableFuture<Compressed> task =
        CompletableFuture.supplyAsync(() -> deflate(input, length, preset, last, output), executor);
    pending.add(task);
    byte[] next = spareInput.poll();
    block = next != null ? next : new byte[BLOCK];
    filled = 0;
  }

  private void writeOldest() throws IOException {
    Compressed c = await(pending.peek());
    pending.remove();
    out.write(c.bytes(), 0, c.length());
    spareInput.push(c.input());
    spareOutput.push(c.bytes());
  }

  private Compressed deflate(byte[] input, int length, byte[] preset, boolean last, byte[] output) {
    Deflater deflater = new Deflater(level, true);
    try {
      if (preset != null) {
        deflater.setDictionary(preset);
      }
      deflater.setInput(input, 0, length);
      // The slack covers stored blocks for incompressible input; the loop grows it if ever short.
      byte[] buf = output != null ? output : new byte[BLOCK + (BLOCK >> 4) + 64];
      int used = 0;
      if (last) {
        deflater.finish();
      }
      while (true) {
        if (used == buf.length) {
          buf = Arrays.copyOf(buf, buf.length * 2);
        }
        used +=
            deflater.deflate(
                buf, used, buf.length - used, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
        // A sync flush is complete when deflate stops short of filling the buffer.
        if (last ? deflater.finished() : used < buf.length) {
          return new Compressed(buf, used, input);
        }
      }
    } finally {
      deflater.end();
    }
  }

  private static Compressed await(Future<Compressed> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing a layer");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException("compressing a layer block failed", cause);
    }
  }

  /** A block's deflate output and the input buffer it came from, both for reuse. */
  private record Compressed(byte[] bytes, int length, byte[] input) {}
}
