package dev.slipway.cache;

import dev.slipway.core.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Fills the local tier with actions whose records a remote gave in bulk, on a bounded pool. While a
 * fill waits in the queue, a lookup of the same key claims it ({@link #pending}).
 */
final class Prefetcher implements AutoCloseable {
  private final FilledRecords filled;
  private final int threads;
  private final Map<String, PendingFill> pending = new ConcurrentHashMap<>();

  /** Queued and running fills, cancelled on close so no caller waits for a stopped pool. */
  private final Set<CompletableFuture<?>> queued = ConcurrentHashMap.newKeySet();

  private ExecutorService pool;

  Prefetcher(FilledRecords filled, int threads) {
    this.filled = filled;
    this.threads = threads;
  }

  /** The queued or running fill of {@code key} from {@code remote}, or null. */
  PendingFill pending(String key, RemoteTier remote) {
    PendingFill fill = pending.get(key);
    return fill != null && fill.remote == remote ? fill : null;
  }

  /**
   * Fills every record in {@code records} (in their order) from {@code remote}; returns the keys
   * that are now local.
   */
  List<String> fill(RemoteTier remote, Map<String, byte[]> records) throws InterruptedException {
    return fill(remote, records, () -> {});
  }

  /** As above, running {@code queued} once every fill is pending, before they are done. */
  @SuppressWarnings("CollectionUndefinedEquality") // identity is right: each future is one fill
  List<String> fill(RemoteTier remote, Map<String, byte[]> records, Runnable onQueued)
      throws InterruptedException {
    List<CompletableFuture<Optional<String>>> fills = new ArrayList<>();
    for (Map.Entry<String, byte[]> entry : records.entrySet()) {
      String key = entry.getKey();
      PendingFill fill = new PendingFill(remote, key, entry.getValue());
      if (pending.putIfAbsent(key, fill) != null) {
        continue; // another prefetch already has it
      }
      fills.add(
          CompletableFuture.supplyAsync(
              () -> {
                long start = System.nanoTime();
                try {
                  boolean ranHere = fill.run(filled, "prefetching");
                  Optional<Hit> hit = fill.await(filled);
                  if (ranHere) {
                    remote.counters.timeSince(start);
                    hit.ifPresent(h -> remote.counters.prefetched.increment());
                  }
                  return hit.map(h -> key);
                } finally {
                  pending.remove(key, fill);
                }
              },
              pool()));
      queued.add(fills.get(fills.size() - 1));
    }
    onQueued.run();
    List<String> found = new ArrayList<>();
    try {
      for (CompletableFuture<Optional<String>> fill : fills) {
        fill.join().ifPresent(found::add);
      }
    } catch (CancellationException e) {
      throw new InterruptedException("the cache was closed while prefetching");
    } finally {
      queued.removeAll(fills);
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    return found;
  }

  @Override
  public synchronized void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
    queued.forEach(fill -> fill.cancel(true));
  }

  private synchronized ExecutorService pool() {
    if (pool == null) {
      pool = Executors.newFixedThreadPool(threads, DaemonThreads.named("slipway-cache-prefetch"));
    }
    return pool;
  }
}
