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
   * writing into the cache (a go process being killed takes a moment).
   */
  @Override
  public void close() {
    for (ExecutorService pool : List.of(compile, cpu, io)) {
      pool.shutdownNow();
    }
    try {
      for (ExecutorService pool : List.of(compile, cpu, io)) {
        pool.awaitTermination(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
