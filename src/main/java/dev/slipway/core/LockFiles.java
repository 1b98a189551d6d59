package dev.slipway.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Exclusive locks on lock files, shared by the threads of this JVM and by other processes on the
 * same cache directory (several CI jobs on one runner share a cache volume).
 *
 * <p>The OS lock is a POSIX record lock ({@link FileChannel#lock}): it is the process's, so it goes
 * away with the process however it dies, and no stale lock is ever left to break. Because such a
 * lock belongs to the whole process, threads of one JVM are kept apart by a semaphore per file
 * first. A lock is released by {@link Held#close}, from any thread: it may be taken by the thread
 * that starts a compile and released by the one that finished the layer made from its output. Lock
 * files are never deleted; a file deleted while held would let a second holder in.
 */
public final class LockFiles {
  private static final ConcurrentMap<Path, Semaphore> IN_THIS_JVM = new ConcurrentHashMap<>();

  private LockFiles() {}

  /** Blocks until {@code file} (created if absent) is locked by this thread's caller alone. */
  public static Held lock(Path file) throws IOException {
    Path key = file.toAbsolutePath().normalize();
    Semaphore local = IN_THIS_JVM.computeIfAbsent(key, k -> new Semaphore(1));
    try {
      local.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the lock " + key, e);
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(key.getParent());
      channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      channel.lock();
      return new Held(local, channel);
    } catch (IOException | RuntimeException | Error e) {
      if (channel != null) {
        channel.close();
      }
      local.release();
      throw e;
    }
  }

  /** A held lock; closing it more than once is harmless. */
  public static final class Held implements AutoCloseable {
    private final Semaphore local;
    private final FileChannel channel;
    private final AtomicBoolean open = new AtomicBoolean(true);

    private Held(Semaphore local, FileChannel channel) {
      this.local = local;
      this.channel = channel;
    }

    @Override
    public void close() {
      if (!open.compareAndSet(true, false)) {
        return;
      }
      try {
        channel.close(); // which releases the OS lock
      } catch (IOException e) {
        // the descriptor is gone either way, and with it the lock
      } finally {
        local.release();
      }
    }
  }
}
