package dev.slipway.cache;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One remote behind the tiered cache: fetching into the local tier with verification, uploading,
 * and switching itself off (with one warning) at its first failure.
 */
final class RemoteTier {
  final RemoteStore store;
  final TierCounters counters;
  private final Consumer<String> warnings;

  RemoteTier(RemoteStore store, Consumer<String> warnings) {
    this.store = store;
    this.counters = new TierCounters(store.name());
    this.warnings = warnings;
  }

  boolean enabled() {
    return !counters.disabled.get();
  }

  /**
   * Brings the body an action record names into the local tier and records the action there (in
   * memory until {@link FilledRecords#save}). Returns empty when the record is unreadable or the
   * body is missing or corrupt.
   */
  Optional<Hit> fill(String key, byte[] recordBytes, FilledRecords records) throws Exception {
    LocalCache local = records.local();
    ActionRecord record;
    try {
      record = ActionRecord.parse(recordBytes);
    } catch (IllegalArgumentException e) {
      counters.corrupt.increment();
      return Optional.empty();
    }
    Optional<Path> present = local.getBlob(record.blob(), record.size());
    Path body;
    if (present.isPresent()) {
      body = present.get();
    } else {
      Path temp = local.newTemp();
      boolean found;
      try {
        found = store.getBlob(record.blob(), temp);
      } catch (CorruptBlobException e) {
        found = false;
        counters.corrupt.increment();
      }
      if (!found) {
        Files.deleteIfExists(temp);
        return Optional.empty();
      }
      boolean adopted =
          store.verifiesBlobs()
              ? local.adoptVerifiedBlob(temp, record.blob(), record.size())
              : local.adoptBlob(temp, record.blob(), record.size());
      if (!adopted) {
        counters.corrupt.increment();
        return Optional.empty();
      }
      counters.bytesRead.add(record.size());
      counters.bodiesRead.increment();
      body = local.blobPath(record.blob());
    }
    records.filled(key, record);
    return Optional.of(new Hit(record, body, store.name()));
  }

  /** Uploads the body, then the record, so a reader never sees a record without its body. */
  void upload(String key, ActionRecord record, Path body) {
    if (!enabled()) {
      return;
    }
    try {
      store.putBlob(record.blob(), body, record.size());
      store.putAction(key, record.encode());
      counters.writes.increment();
      counters.bytesWritten.add(record.size());
    } catch (Exception e) {
      fail("writing", e);
    }
  }

  /**
   * Writes a build's action set, or where the backend has no such form, its list of keys as an
   * ordinary entry.
   */
  void uploadSet(String listKey, List<ListedAction> actions, Hit list) {
    if (!enabled()) {
      return;
    }
    try {
      if (!store.putActionSet(listKey, actions)) {
        upload(listKey, list.record(), list.path());
      }
    } catch (Exception e) {
      fail("writing", e);
    }
  }

  /** Switches the tier off; only the first failure warns. */
  void fail(String during, Exception e) {
    if (counters.disabled.compareAndSet(false, true)) {
      warnings.accept(
          "remote cache "
              + store.name()
              + " failed while "
              + during
              + " ("
              + describe(e)
              + "); continuing with the local cache for the rest of this run");
    }
  }

  private String describe(Exception e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    String prefix = store.name() + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
