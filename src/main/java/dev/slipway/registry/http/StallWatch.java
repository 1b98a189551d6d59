package dev.slipway.registry.http;

import dev.slipway.core.DaemonThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A write timeout for streams that have none: a blocking socket write waits forever once a peer
 * stops reading and the buffers fill. While a body is copied, a watchdog checks for progress and,
 * after {@code limit} without any, runs {@code abort} (closing the connection), which fails the
 * blocked write; the failure is then reported as a timeout, which the retry policy retries.
 */
final class StallWatch {
  /** One daemon thread for every watch, started by the first request body sent. */
  private static final class Holder {
    static final ScheduledExecutorService TIMER =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("slipway-stall-watch"));
  }

  private StallWatch() {}

  static void copy(InputStream in, OutputStream out, Duration limit, Runnable abort)
      throws IOException {
    AtomicLong lastProgress = new AtomicLong(System.nanoTime());
    AtomicBoolean aborted = new AtomicBoolean();
    long limitNanos = limit.toNanos();
    long period = Math.max(10, limit.toMillis() / 4);
    ScheduledFuture<?> watch =
        Holder.TIMER.scheduleAtFixedRate(
            () -> {
              if (System.nanoTime() - lastProgress.get() > limitNanos
                  && aborted.compareAndSet(false, true)) {
                abort.run();
              }
            },
            period,
            period,
            TimeUnit.MILLISECONDS);
    try {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        lastProgress.set(System.nanoTime());
      }
    } catch (IOException e) {
      if (aborted.get()) {
        SocketTimeoutException timeout =
            new SocketTimeoutException(
                "the server took no request bytes for " + limit.toMillis() + " ms");
        timeout.initCause(e);
        throw timeout;
      }
      throw e;
    } finally {
      watch.cancel(false);
    }
  }
}
