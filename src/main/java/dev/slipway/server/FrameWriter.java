package dev.slipway.server;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Sends a run's frames to its client from one thread of its own, in the order they were written.
 *
 * <p>Why a thread: a socket channel is closed for good when a thread blocked in it, or entering it,
 * is interrupted, and a build interrupts its own threads (a pool's {@code shutdownNow}, the
 * progress ticker's stop, a cancelled run). Those threads only queue frames here; the channel is
 * touched by this thread alone, which nothing interrupts. The queue is bounded, so a client that
 * stops reading holds the run up as a full pipe would, instead of filling memory.
 */
final class FrameWriter implements AutoCloseable {
  private static final int CHUNK = 64 << 10;
  private static final Frames.Frame END = new Frames.Frame((byte) 0, new byte[0]);

  private final WritableByteChannel channel;
  private final BlockingQueue<Frames.Frame> queue = new ArrayBlockingQueue<>(256);
  private final Thread thread;
  private volatile boolean broken;

  FrameWriter(WritableByteChannel channel, String name) {
    this.channel = channel;
    this.thread = new Thread(this::drain, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** A stream whose every write becomes frames of {@code type}. */
  OutputStream stream(byte type) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        for (int at = off; at < off + len; at += CHUNK) {
          send(type, Arrays.copyOfRange(b, at, Math.min(off + len, at + CHUNK)));
        }
      }
    };
  }

  /**
   * Queues a frame. Once the client is gone frames are dropped: the run carries on to its end (or
   * is cancelled) without blocking on a connection nobody reads.
   *
   * @throws InterruptedIOException if interrupted while the queue is full
   */
  void send(byte type, byte[] payload) throws InterruptedIOException {
    if (broken) {
      return;
    }
    try {
      while (!queue.offer(new Frames.Frame(type, payload), 100, TimeUnit.MILLISECONDS)) {
        if (broken) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while sending output to the client");
    }
  }

  /** Whether a write to the client failed (it closed the connection). */
  boolean broken() {
    return broken;
  }

  /**
   * Sends everything queued, then stops, and waits for that. Interrupted, it stops the writer at
   * once (what is still queued is lost) and throws.
   */
  @Override
  public void close() throws InterruptedException {
    try {
      queue.put(END); // the writer keeps taking frames, even once broken, so there will be room
      thread.join();
    } catch (InterruptedException e) {
      thread.interrupt();
      throw e;
    }
  }

  @SuppressWarnings("ReferenceEquality") // END is a sentinel: this very object, not an equal one
  private void drain() {
    try {
      while (true) {
        Frames.Frame frame = queue.take();
        if (frame == END) {
          return;
        }
        if (!broken) {
          write(frame);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // nothing interrupts this thread; stop if something does
    }
  }

  private void write(Frames.Frame frame) {
    try {
      Frames.write(channel, frame.type(), frame.payload(), 0, frame.payload().length);
    } catch (IOException e) {
      broken = true;
    }
  }
}
