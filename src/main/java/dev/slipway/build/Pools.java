package dev.slipway.build;

import dev.slipway.core.DaemonThreads;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The build's threads, one pool per kind of work so that no task ever waits for a task queued
 * behind it in the same pool: {@code go build} processes (bounded by {@code -j}), CPU work on
 * layers (one thread per core), and network I/O (bounded by the registry client itself).
 */
final class Pools implements AutoCloseable {
  final ExecutorService compile;
  final ExecutorService cpu;
  final ExecutorService io;

  Pools(int jobs) {
    compile = Executors.newFixedThreadPool(jobs, DaemonThreads.named("slipway-go"));
    cpu =
        Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            DaemonThreads.named("slipway-cpu"));
    io = Executors.newCachedThreadPool(DaemonThreads.named("slipway-io"));
  }

  /**
   * Stops every task and waits for them, so that a failed build returns only after nothing is still
   * writing into the cache (a go process being killed takes a moment). It waits even when the
   * build's thread was interrupted, which is how a warm server cancels a run whose client left: the
   * next run must not find this one's go still writing.
   */
  @Override
  public void close() {
    for (ExecutorService pool : List.of(compile, cpu, io)) {
      pool.shutdownNow();
    }
    boolean interrupted = Thread.interrupted();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (ExecutorService pool : List.of(compile, cpu, io)) {
      while (!pool.isTerminated() && System.nanoTime() < deadline) {
        try {
          pool.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
