package dev.slipway.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A cold runner's prefetch of what the last build of the same targets used ({@link
 * TieredCache#putList}), and the gate that holds go's remote lookups while it reads the action set.
 *
 * <p>Why the gate: reading the set is one request, after which each listed action is one fill to
 * wait for, and a body packed with others comes from the pack. Asked before that, a lookup would be
 * a round trip of its own, and a packed body would be read from its own blob, which the pack exists
 * to spare. The wait is bounded by {@link #LIMIT}, so a slow set costs at most that much before
 * lookups go on without it.
 */
final class ListPrefetch {
  static final Duration LIMIT = Duration.ofSeconds(5);

  private final TieredCache cache;
  private final List<RemoteTier> remotes;
  private final Prefetcher prefetcher;
  private volatile CompletableFuture<Void> setRead = CompletableFuture.completedFuture(null);

  ListPrefetch(TieredCache cache, List<RemoteTier> remotes, Prefetcher prefetcher) {
    this.cache = cache;
    this.remotes = remotes;
    this.prefetcher = prefetcher;
  }

  /** Starts {@link #prefetchList} on {@code executor}; lookups wait for its set from now on. */
  CompletableFuture<Integer> start(String listKey, Executor executor) {
    CompletableFuture<Void> gate = new CompletableFuture<>();
    setRead = gate;
    try {
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              return prefetchList(listKey);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return 0;
            } catch (RuntimeException e) {
              return 0; // prefetching only saves time; go asks for what it needs anyway
            } finally {
              gate.complete(null);
            }
          },
          executor);
    } catch (RuntimeException e) {
      gate.complete(null);
      throw e;
    }
  }

  /** Waits, a bounded while, for the set a running prefetch is reading. */
  void awaitSet() {
    CompletableFuture<Void> gate = setRead;
    if (gate.isDone()) {
      return;
    }
    try {
      gate.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // go on without the set: each lookup asks on its own
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void openGate() {
    setRead.complete(null);
  }

  int prefetchList(String listKey) throws InterruptedException {
    Optional<Hit> list;
    try {
      list = cache.local(ActionKeys.check(listKey));
      if (list.isEmpty()) {
        Optional<Integer> fromSet = prefetchSet(listKey);
        if (fromSet.isPresent()) {
          return fromSet.get();
        }
      }
    } finally {
      openGate(); // before the lookup of a list below, which would wait for itself
    }
    if (list.isEmpty()) {
      try {
        list = cache.getOwn(listKey);
      } catch (IOException e) {
        return 0;
      }
    }
    if (list.isEmpty()) {
      return 0;
    }
    try {
      return cache.prefetch(
          Files.readAllLines(list.get().path(), StandardCharsets.UTF_8).stream()
              .filter(k -> !k.isBlank())
              .toList());
    } catch (IOException e) {
      return 0; // an unreadable list only costs the prefetch
    }
  }

  /**
   * The first remote action set under {@code listKey}, its actions filled (the gate opens once
   * every fill is pending); empty if no remote has one.
   */
  private Optional<Integer> prefetchSet(String listKey) throws InterruptedException {
    for (RemoteTier remote : remotes) {
      if (!remote.enabled()) {
        continue;
      }
      Optional<Map<String, byte[]>> set;
      long start = System.nanoTime();
      try {
        set = remote.store.getActionSet(listKey);
      } catch (Exception e) {
        remote.fail("prefetching", e);
        continue;
      } finally {
        remote.counters.timeSince(start);
      }
      if (set.isPresent()) {
        Map<String, byte[]> wanted = new LinkedHashMap<>(set.get());
        wanted.keySet().removeIf(key -> cache.local(key).isPresent());
        return Optional.of(prefetcher.fill(remote, wanted, this::openGate).size());
      }
    }
    return Optional.empty();
  }
}
