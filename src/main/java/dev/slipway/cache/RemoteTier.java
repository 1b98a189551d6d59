package dev.slipway.cache;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One remote behind the tiered cache: fetching into the local tier with verification (of the body
 * against its digest, and of the record against the trust key when the build has one), uploading
 * (never to a read-only remote), and switching itself off (with one warning) at its first failure.
 */
final class RemoteTier {
  final RemoteStore store;
  final TierCounters counters;
  private final Consumer<String> warnings;
  private final TrustLedger ledger;

  RemoteTier(RemoteStore store, Consumer<String> warnings, TrustLedger ledger) {
    this.store = store;
    this.counters = new TierCounters(store.name(), store.readOnly());
    this.warnings = warnings;
    this.ledger = ledger;
  }

  boolean enabled() {
    return !counters.disabled.get();
  }

  /** Enabled, and not opened with {@code ?mode=ro}. */
  boolean writable() {
    return enabled() && !store.readOnly();
  }

  /** Whether this remote's record of {@code key} was already refused as untrusted. */
  boolean refused(String key) {
    return ledger.refused(key, counters);
  }

  /**
   * Brings the body an action record names into the local tier and records the action there (in
   * memory until {@link FilledRecords#save}). Returns empty when the record is unreadable or not
   * trusted ({@link TrustLedger#admit}), or the body is missing or corrupt.
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
    if (!ledger.admit(key, record, counters)) {
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
    ledger.filled(key, counters, record);
    return Optional.of(new Hit(record, body, store.name()));
  }

  /**
   * Uploads the body, then the record (tagged, with a trust key), so a reader never sees a record
   * without its body.
   */
  void upload(String key, ActionRecord record, Path body) {
    if (!writable()) {
      return;
    }
    try {
      store.putBlob(record.blob(), body, record.size());
      store.putAction(key, ledger.trust.seal(key, record).encode());
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
    if (!writable()) {
      return;
    }
    try {
      List<ListedAction> sealed =
          actions.stream()
              .map(a -> new ListedAction(a.key(), ledger.trust.seal(a.key(), a.record()), a.body()))
              .toList();
      if (!store.putActionSet(listKey, sealed)) {
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
