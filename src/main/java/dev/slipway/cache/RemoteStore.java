package dev.slipway.cache;

import dev.slipway.core.Digest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One remote cache backend: small action records by key, and content-addressed blobs.
 *
 * <p>The {@link TieredCache} verifies every body before use, unless the store says (by {@link
 * #verifiesBlobs}) that it verified each body against its digest while writing it. Every message an
 * implementation produces names the store by {@link #name()}, which never holds credentials.
 */
public interface RemoteStore extends AutoCloseable {
  /** The store's URL without credentials, for example {@code redis://host:6379/0}. */
  String name();

  /** The action record stored under {@code key}, or empty if there is none. */
  Optional<byte[]> getAction(String key) throws IOException;

  void putAction(String key, byte[] record) throws IOException;

  /**
   * Several action records at once; absent keys are left out of the result. Backends that can batch
   * (Redis MGET) override this; the default asks one key at a time.
   */
  default Map<String, byte[]> getActions(Collection<String> keys) throws IOException {
    Map<String, byte[]> found = new LinkedHashMap<>();
    for (String key : keys) {
      getAction(key).ifPresent(record -> found.put(key, record));
    }
    return found;
  }

  /**
   * Stores, under {@code setKey}, the records of every action a build used, so that the next cold
   * runner reads them in one request ({@link #getActionSet}). Called after the actions' own bodies
   * and records were written; {@code actions} have their bodies on local disk. Returns false when
   * the backend has no such form (the default): the caller then stores a plain list of keys.
   */
  default boolean putActionSet(String setKey, List<ListedAction> actions) throws IOException {
    return false;
  }

  /**
   * The records {@link #putActionSet} stored under {@code setKey}, by key in the order given then;
   * empty when there is none or the backend has no such form.
   */
  default Optional<Map<String, byte[]>> getActionSet(String setKey) throws IOException {
    return Optional.empty();
  }

  /**
   * Writes the blob to {@code dest} (replacing it). Returns false when the store lacks it. The
   * caller verifies the digest of what was written.
   */
  boolean getBlob(Digest digest, Path dest) throws IOException;

  void putBlob(Digest digest, Path source, long size) throws IOException;

  /**
   * True if {@link #getBlob} writes only bytes it has checked against the digest (hashing as it
   * streams), so the caller need not read them again; a mismatch is then a {@link
   * CorruptBlobException}.
   */
  default boolean verifiesBlobs() {
    return false;
  }

  /**
   * True if the backend deletes blobs nothing refers to (a registry's garbage collection), so a
   * blob stored for its own sake needs an action record pointing at it to stay.
   */
  default boolean collectsUnreferencedBlobs() {
    return false;
  }

  /**
   * How many body fetches a prefetch should run side by side for this store, at least; the tiered
   * cache uses the largest of its settings and its remotes'. One round trip per body (a registry's
   * blob GET, often a redirect to object storage) wants more than a batch protocol does.
   */
  default int prefetchParallelism() {
    return 1;
  }

  /**
   * True for a remote opened with {@code ?mode=ro}: callers skip their writes, and any write that
   * reaches it is dropped ({@link RemoteStores#parse}).
   */
  default boolean readOnly() {
    return false;
  }

  @Override
  void close() throws IOException;
}
