package dev.slipway.cache;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A prefetched action whose record is known but whose body may not be local yet. Whoever comes
 * first runs the fill: a prefetch worker, or the go command's own lookup, which thus never waits
 * behind the queue nor fetches the same body twice.
 */
final class PendingFill {
  final RemoteTier remote;
  private final String key;
  private final byte[] record;
  private final AtomicBoolean claimed = new AtomicBoolean();
  private final CompletableFuture<Optional<Hit>> result = new CompletableFuture<>();

  PendingFill(RemoteTier remote, String key, byte[] record) {
    this.remote = remote;
    this.key = key;
    this.record = record;
  }

  /**
   * Runs the fill unless someone else has claimed it; returns whether this caller ran it. A failure
   * switches the remote off and counts as not found.
   */
  boolean run(FilledRecords records, String during) {
    if (!claimed.compareAndSet(false, true)) {
      return false;
    }
    Optional<Hit> hit = Optional.empty();
    try {
      if (remote.enabled()) {
        hit = remote.fill(key, record, records);
      }
    } catch (Exception e) {
      remote.fail(during, e);
    } finally {
      result.complete(hit);
    }
    return true;
  }

  /** Claims and runs the fill if nobody has, then waits for its outcome. */
  Optional<Hit> await(FilledRecords records) {
    run(records, "reading");
    return result.join();
  }
}
