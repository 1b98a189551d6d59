package dev.slipway.cache;

import dev.slipway.core.BackgroundWriter;
import dev.slipway.core.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The compile-action cache: the local tier first, then each remote in order.
 *
 * <ul>
 *   <li>A remote hit is verified against its digest and fills the local tier; a corrupt remote
 *       entry is a miss and the next {@link #put} overwrites it.
 *   <li>Writes go to the local tier at once and to every remote in the background; {@link #flush}
 *       before exit.
 *   <li>Prefetching fills the local tier ahead of the go command, in bulk; a lookup of an action
 *       whose fill is still queued runs it at once.
 *   <li>A remote's first failure switches it off for the rest of the process with one warning; the
 *       build goes on with the local tier.
 *   <li>A read-only remote ({@code ?mode=ro}) is never written. With a trust key ({@link
 *       CacheTrust}), records written to remotes are tagged, and a remote's record without a valid
 *       tag is a miss; the local tier is this runner's own and trusted as it is.
 * </ul>
 */
public final class TieredCache implements AutoCloseable {
  /**
   * Write and prefetch parallelism (raised to what a remote asks, {@link
   * RemoteStore#prefetchParallelism}) and the bound on queued remote writes.
   */
  public record Settings(int writeThreads, int queueCapacity, int prefetchThreads) {
    public static final Settings DEFAULT = new Settings(4, 256, 8);

    public Settings {
      if (writeThreads < 1 || queueCapacity < 1 || prefetchThreads < 1) {
        throw new IllegalArgumentException("cache settings must be positive");
      }
    }
  }

  private final LocalCache local;
  private final FilledRecords records;
  private final TierCounters localCounters = new TierCounters("local");
  private final List<RemoteTier> remotes = new ArrayList<>();
  private final BackgroundWriter writer;
  private final Prefetcher prefetcher;
  private final ListPrefetch lists;
  private final TrustLedger ledger;

  public TieredCache(LocalCache local, List<RemoteStore> remotes, Consumer<String> warnings) {
    this(local, remotes, warnings, Settings.DEFAULT);
  }

  public TieredCache(
      LocalCache local, List<RemoteStore> remotes, Consumer<String> warnings, Settings settings) {
    this(local, remotes, warnings, settings, CacheTrust.NONE);
  }

  public TieredCache(
      LocalCache local,
      List<RemoteStore> remotes,
      Consumer<String> warnings,
      Settings settings,
      CacheTrust trust) {
    this.local = local;
    this.records = new FilledRecords(local);
    this.ledger = new TrustLedger(trust, warnings);
    for (RemoteStore remote : remotes) {
      this.remotes.add(new RemoteTier(remote, warnings, ledger));
    }
    this.writer =
        new BackgroundWriter(
            "slipway-cache-write", settings.writeThreads(), settings.queueCapacity());
    int prefetchThreads = settings.prefetchThreads();
    for (RemoteStore remote : remotes) {
      prefetchThreads = Math.max(prefetchThreads, remote.prefetchParallelism());
    }
    this.prefetcher = new Prefetcher(records, prefetchThreads);
    this.lists = new ListPrefetch(this, this.remotes, prefetcher);
  }

  public LocalCache local() {
    return local;
  }

  /** The action's verified body on local disk, from the first tier that has it. */
  public Optional<Hit> get(String actionKey) throws IOException {
    return lookup(actionKey, true);
  }

  /**
   * As {@link #get}, for an entry that is not one of go's compile actions (an action list): served
   * the same way, but left out of the hit and miss counts.
   */
  public Optional<Hit> getOwn(String key) throws IOException {
    return lookup(key, false);
  }

  private Optional<Hit> lookup(String actionKey, boolean counted) throws IOException {
    ActionKeys.check(actionKey);
    long start = System.nanoTime();
    Optional<Hit> hit = getLocal(actionKey);
    localCounters.timeSince(start);
    if (hit.isPresent()) {
      if (counted) {
        localCounters.hits.increment();
        ledger.served(actionKey); // a prefetched action counts for the remote that sent it
      }
      localCounters.bytesRead.add(hit.get().record().size());
      return hit;
    }
    if (counted) {
      localCounters.misses.increment();
    }
    if (!remotes.isEmpty()) {
      lists.awaitSet();
    }
    for (RemoteTier remote : remotes) {
      if (!remote.enabled()) {
        continue;
      }
      if (remote.refused(actionKey)) { // untrusted when a prefetch offered it: asking again is moot
        if (counted) {
          remote.counters.misses.increment();
        }
        continue;
      }
      long remoteStart = System.nanoTime();
      try {
        PendingFill pending = prefetcher.pending(actionKey, remote);
        if (pending != null) {
          hit = pending.await(records);
        } else {
          Optional<byte[]> record = remote.store.getAction(actionKey);
          if (record.isPresent()) {
            hit = remote.fill(actionKey, record.get(), records);
          }
        }
      } catch (Exception e) {
        remote.fail("reading", e);
        continue;
      } finally {
        remote.counters.timeSince(remoteStart);
      }
      if (hit.isPresent()) {
        if (counted) {
          remote.counters.hits.increment();
          ledger.served(actionKey);
        }
        return hit;
      }
      if (counted) {
        remote.counters.misses.increment();
      }
    }
    return Optional.empty();
  }

  /**
   * Stores an action's body in the local tier, then queues it for every remote. The body is copied,
   * so the caller may delete it afterwards. A body of another size is refused and nothing is
   * stored.
   */
  public Hit put(String actionKey, Digest outputId, long size, Path body) throws IOException {
    try (InputStream in = Files.newInputStream(body)) {
      return put(actionKey, outputId, size, in);
    }
  }

  /** As {@link #put(String, Digest, long, Path)}, reading the body from a stream. */
  public Hit put(String actionKey, Digest outputId, long size, InputStream body)
      throws IOException {
    return put(actionKey, outputId, size, body, null);
  }

  /**
   * As {@link #put(String, Digest, long, InputStream)}, for a body whose SHA-256 must be its output
   * ID, as the go command's are: one that hashes otherwise is refused and nothing is stored.
   */
  public Hit putOutput(String actionKey, Digest outputId, long size, InputStream body)
      throws IOException {
    return put(actionKey, outputId, size, body, outputId);
  }

  private Hit put(String actionKey, Digest outputId, long size, InputStream body, Digest blob)
      throws IOException {
    Hit hit = putLocal(actionKey, outputId, size, body, blob);
    ledger.stored(actionKey);
    for (RemoteTier remote : remotes) {
      if (remote.writable()) {
        writer.submit(() -> remote.upload(actionKey, hit.record(), hit.path()));
      }
    }
    return hit;
  }

  private Hit putLocal(
      String actionKey, Digest outputId, long size, InputStream body, Digest expectedBlob)
      throws IOException {
    ActionKeys.check(actionKey);
    LocalCache.StoredBlob blob;
    try {
      blob = local.putBlob(body, expectedBlob, size);
    } catch (IOException e) {
      throw new IOException("action " + actionKey + ": " + e.getMessage(), e);
    }
    ActionRecord record =
        new ActionRecord(
            outputId, blob.digest(), size, Instant.ofEpochMilli(System.currentTimeMillis()));
    records.write(actionKey, record);
    localCounters.writes.increment();
    localCounters.bytesWritten.add(size);
    return new Hit(record, blob.path(), "local");
  }

  /**
   * Records that a build used these actions, under {@code listKey}, for the next runner's {@link
   * #prefetchList}: as a list of keys in the local tier, and in every remote as an action set where
   * the backend has that form, else as the same list. First waits (up to {@code timeout}) for the
   * writes queued before, since a set names bodies the remote must already hold; the set itself is
   * written in the background.
   */
  public void putList(String listKey, List<String> actionKeys, Duration timeout)
      throws IOException, InterruptedException {
    byte[] list = (String.join("\n", actionKeys) + "\n").getBytes(StandardCharsets.UTF_8);
    Hit stored =
        putLocal(listKey, Digest.sha256Of(list), list.length, new ByteArrayInputStream(list), null);
    List<ListedAction> actions = new ArrayList<>();
    for (String key : actionKeys) {
      getLocal(key).ifPresent(h -> actions.add(new ListedAction(key, h.record(), h.path())));
    }
    writer.flush(timeout);
    for (RemoteTier remote : remotes) {
      if (remote.writable()) {
        writer.submit(() -> remote.uploadSet(listKey, actions, stored));
      }
    }
  }

  /**
   * Prefetches the actions the last build under {@code listKey} used ({@link #putList}): those the
   * local list names if there is one; else every record of the first remote action set, which takes
   * one request; else those a remote list names. Returns how many actions were fetched.
   */
  public int prefetchList(String listKey) throws InterruptedException {
    return lists.prefetchList(listKey);
  }

  /**
   * As {@link #prefetchList}, in the background on {@code executor}; go's remote lookups wait (a
   * bounded while) until the set is read, so that they are served by its fills.
   */
  public CompletableFuture<Integer> prefetchListAsync(String listKey, Executor executor) {
    return lists.start(listKey, executor);
  }

  /**
   * Fetches, in parallel, every action among {@code actionKeys} that the local tier lacks, so the
   * go command's lookups are then served from local disk. Returns how many actions were fetched.
   */
  public int prefetch(Collection<String> actionKeys) throws InterruptedException {
    Set<String> wanted = new LinkedHashSet<>();
    for (String key : actionKeys) {
      if (local(ActionKeys.check(key)).isEmpty()) {
        wanted.add(key);
      }
    }
    int fetched = 0;
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
      List<String> found = prefetcher.fill(remote, records);
      fetched += found.size();
      found.forEach(wanted::remove);
    }
    return fetched;
  }

  /**
   * Writes the records filled from remotes to the local tier (until then they live in memory, see
   * {@link FilledRecords}); call it once go is done with the cache, off the build's path. {@link
   * #flush} and {@link #close} do it too.
   */
  public void saveFilledRecords() throws IOException {
    records.save();
  }

  /**
   * Saves the filled records, then waits for queued remote writes; false if some were still running
   * when the time was up.
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    try {
      records.save();
    } catch (IOException e) {
      // an unsaved record only costs fetching it again
    }
    return writer.flush(timeout);
  }

  /** Statistics per tier: local first, then the remotes in order. */
  public List<TierStats> stats() {
    List<TierStats> stats = new ArrayList<>();
    stats.add(localCounters.snapshot());
    remotes.forEach(r -> stats.add(r.counters.snapshot()));
    return stats;
  }

  /**
   * Saves the filled records, stops the writers (call {@link #flush} first), closes the remotes.
   */
  @Override
  public void close() {
    try {
      records.save();
    } catch (IOException e) {
      // an unsaved record only costs fetching it again
    }
    writer.close();
    prefetcher.close();
    for (RemoteTier remote : remotes) {
      try {
        remote.store.close();
      } catch (Exception e) {
        // closing a connection pool at exit has nothing useful to report
      }
    }
  }

  private Optional<Hit> getLocal(String key) throws IOException {
    Optional<ActionRecord> record = records.get(key);
    if (record.isEmpty()) {
      return Optional.empty();
    }
    return local
        .getBlob(record.get().blob(), record.get().size())
        .map(path -> new Hit(record.get(), path, "local"));
  }

  /** {@link #getLocal}, with an unreadable entry as absent. */
  Optional<Hit> local(String key) {
    try {
      return getLocal(key);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
