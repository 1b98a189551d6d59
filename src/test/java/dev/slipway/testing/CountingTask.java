package dev.slipway.testing;

import dev.slipway.core.Progress;
import java.util.concurrent.atomic.AtomicLong;

/** A progress task that counts what it is told, for tests to read back. */
public final class CountingTask implements Progress.Task {
  private final AtomicLong advanced = new AtomicLong();
  private final AtomicLong done = new AtomicLong();

  @Override
  public void advance(long n) {
    advanced.addAndGet(n);
  }

  @Override
  public void total(long total) {}

  @Override
  public void done() {
    done.incrementAndGet();
  }

  /** The sum of every advance. */
  public long advanced() {
    return advanced.get();
  }

  /** How many times {@link #done} was called. */
  public long doneCalls() {
    return done.get();
  }
}
