package dev.slipway.core;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Runs remote writes off the build's critical path. At most {@code capacity} writes wait or run at
 * once; a writer beyond that blocks until one finishes, so a slow remote slows the build down
 * instead of filling the heap.
 */
public final class BackgroundWriter implements AutoCloseable {
  private final ExecutorService pool;
  private final Semaphore slots;
  private final Object lock = new Object();
  private int pending;

  /**
   * @param name the threads' name prefix
   */
  public BackgroundWriter(String name, int threads, int capacity) {
    this.pool = Executors.newFixedThreadPool(threads, DaemonThreads.named(name));
    this.slots = new Semaphore(capacity);
  }

  /** Queues a write, waiting for room if the queue is full. */
  public void submit(Runnable write) {
    slots.acquireUninterruptibly();
    synchronized (lock) {
      pending++;
    }
    pool.execute(
        () -> {
          try {
            write.run();
          } finally {
            slots.release();
            synchronized (lock) {
              pending--;
              lock.notifyAll();
            }
          }
        });
  }

  /** Waits until every queued write has finished; false if {@code timeout} passed first. */
  public boolean flush(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (pending > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  public int pending() {
    synchronized (lock) {
      return pending;
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
