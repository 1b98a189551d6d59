package dev.slipway.cache;

import dev.slipway.core.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The compile-action cache: the local tier first, then each remote in order.
 *
 * <ul>
 *   <li>A remote hit is verified against its digest and fills the local tier; a corrupt remote
 *       entry is a miss and the next {@link #put} overwrites it.
 *   <li>Writes go to the local tier at once and to every remote in the background; {@link #flush}
 *       before exit.
 *   <li>A remote's first failure switches it off for the rest of the process with one warning; the
 *       build goes on with the local tier.
 * </ul>
 */
public final class TieredCache implements AutoCloseable {
  /** Write and prefetch parallelism and the bound on queued remote writes. */
  public record Settings(int writeThreads, int queueCapacity, int prefetchThreads) {
    public static final Settings DEFAULT = new Settings(4, 256, 8);

    public Settings {
      if (writeThreads < 1 || queueCapacity < 1 || prefetchThreads < 1) {
        throw new IllegalArgumentException("cache settings must be positive");
      }
    }
  }

  private final LocalCache local;
  private final TierCounters localCounters = new TierCounters("local");
  private final List<RemoteTier> remotes = new ArrayList<>();
  private final BackgroundWriter writer;
  private final Settings settings;
  private ExecutorService prefetchPool;

  public TieredCache(LocalCache local, List<RemoteStore> remotes, Consumer<String> warnings) {
    this(local, remotes, warnings, Settings.DEFAULT);
  }

  public TieredCache(
      LocalCache local, List<RemoteStore> remotes, Consumer<String> warnings, Settings settings) {
    this.local = local;
    this.settings = settings;
    for (RemoteStore remote : remotes) {
      this.remotes.add(new RemoteTier(remote, warnings));
    }
    this.writer = new BackgroundWriter(settings.writeThreads(), settings.queueCapacity());
  }

  public LocalCache local() {
    return local;
  }

  /** The action's verified body on local disk, from the first tier that has it. */
  public Optional<Hit> get(String actionKey) throws IOException {
    ActionKeys.check(actionKey);
    long start = System.nanoTime();
    Optional<Hit> hit = getLocal(actionKey);
    localCounters.timeSince(start);
    if (hit.isPresent()) {
      localCounters.hits.increment();
      localCounters.bytesRead.add(hit.get().record().size());
      return hit;
    }
    localCounters.misses.increment();
    for (RemoteTier remote : remotes) {
      if (!remote.enabled()) {
        continue;
      }
      long remoteStart = System.nanoTime();
      try {
        Optional<byte[]> record = remote.store.getAction(actionKey);
        if (record.isPresent()) {
          hit = remote.fill(actionKey, record.get(), local);
        }
      } catch (Exception e) {
        remote.fail("reading", e);
        continue;
      } finally {
        remote.counters.timeSince(remoteStart);
      }
      if (hit.isPresent()) {
        remote.counters.hits.increment();
        return hit;
      }
      remote.counters.misses.increment();
    }
    return Optional.empty();
  }

  /**
   * Stores an action's body in the local tier, then queues it for every remote. The body is copied,
   * so the caller may delete it afterwards.
   */
  public Hit put(String actionKey, Digest outputId, long size, Path body) throws IOException {
    try (InputStream in = Files.newInputStream(body)) {
      return put(actionKey, outputId, size, in);
    }
  }

  /** As {@link #put(String, Digest, long, Path)}, reading the body from a stream. */
  public Hit put(String actionKey, Digest outputId, long size, InputStream body)
      throws IOException {
    ActionKeys.check(actionKey);
    LocalCache.StoredBlob blob = local.putBlob(body);
    if (blob.size() != size) {
      throw new IOException(
          "the body of action " + actionKey + " has " + blob.size() + " bytes, not " + size);
    }
    ActionRecord record =
        new ActionRecord(
            outputId, blob.digest(), size, Instant.ofEpochMilli(System.currentTimeMillis()));
    local.putAction(actionKey, record);
    localCounters.writes.increment();
    localCounters.bytesWritten.add(size);
    for (RemoteTier remote : remotes) {
      if (remote.enabled()) {
        writer.submit(() -> remote.upload(actionKey, record, blob.path()));
      }
    }
    return new Hit(record, blob.path(), "local");
  }

  /**
   * Fetches, in parallel, every action among {@code actionKeys} that the local tier lacks, so the
   * go command's lookups are then served from local disk. Returns how many actions were fetched.
   */
  public int prefetch(Collection<String> actionKeys) throws InterruptedException {
    Set<String> wanted = new LinkedHashSet<>();
    for (String key : actionKeys) {
      try {
        if (getLocal(ActionKeys.check(key)).isEmpty()) {
          wanted.add(key);
        }
      } catch (IOException e) {
        wanted.add(key);
      }
    }
    AtomicInteger fetched = new AtomicInteger();
    for (RemoteTier remote : remotes) {
      if (wanted.isEmpty() || !remote.enabled()) {
        continue;
      }
      Map<String, byte[]> records;
      long start = System.nanoTime();
      try {
        records = remote.store.getActions(List.copyOf(wanted));
      } catch (Exception e) {
        remote.fail("prefetching", e);
        continue;
      } finally {
        remote.counters.timeSince(start);
      }
      List<CompletableFuture<Void>> downloads = new ArrayList<>();
      Set<String> found = ConcurrentHashMap.newKeySet();
      for (Map.Entry<String, byte[]> entry : records.entrySet()) {
        downloads.add(
            CompletableFuture.runAsync(
                () -> fetchOne(remote, entry.getKey(), entry.getValue(), found), prefetchPool()));
      }
      CompletableFuture.allOf(downloads.toArray(CompletableFuture[]::new)).join();
      fetched.addAndGet(found.size());
      wanted.removeAll(found);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
    return fetched.get();
  }

  private void fetchOne(RemoteTier remote, String key, byte[] record, Set<String> found) {
    if (!remote.enabled()) {
      return;
    }
    long start = System.nanoTime();
    try {
      if (remote.fill(key, record, local).isPresent()) {
        remote.counters.prefetched.increment();
        found.add(key);
      }
    } catch (Exception e) {
      remote.fail("prefetching", e);
    } finally {
      remote.counters.timeSince(start);
    }
  }

  /** Waits for queued remote writes; false if some were still running when the time was up. */
  public boolean flush(Duration timeout) throws InterruptedException {
    return writer.flush(timeout);
  }

  /** Statistics per tier: local first, then the remotes in order. */
  public List<TierStats> stats() {
    List<TierStats> stats = new ArrayList<>();
    stats.add(localCounters.snapshot());
    remotes.forEach(r -> stats.add(r.counters.snapshot()));
    return stats;
  }

  /** Stops the writers (call {@link #flush} first) and closes the remotes. */
  @Override
  public void close() {
    writer.close();
    synchronized (this) {
      if (prefetchPool != null) {
        prefetchPool.shutdownNow();
      }
    }
    for (RemoteTier remote : remotes) {
      try {
        remote.store.close();
      } catch (Exception e) {
        // closing a connection pool at exit has nothing useful to report
      }
    }
  }

  private Optional<Hit> getLocal(String key) throws IOException {
    Optional<ActionRecord> record = local.getAction(key);
    if (record.isEmpty()) {
      return Optional.empty();
    }
    return local
        .getBlob(record.get().blob(), record.get().size())
        .map(path -> new Hit(record.get(), path, "local"));
  }

  private synchronized ExecutorService prefetchPool() {
    if (prefetchPool == null) {
      AtomicInteger n = new AtomicInteger();
      prefetchPool =
          Executors.newFixedThreadPool(
              settings.prefetchThreads(),
              r -> {
                Thread t = new Thread(r, "slipway-cache-prefetch-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }
    return prefetchPool;
  }
}
