package dev.slipway.cache;

import dev.slipway.core.Digest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A remote opened with {@code ?mode=ro}: reads go to the backend, writes go nowhere. A pull-request
 * job reads the shared cache this way and cannot change what the next build finds. The tiers ask
 * {@link #readOnly} and skip their writes, so nothing is counted as written; this wrapper is what
 * makes sure, for every backend and every caller (module files too), that no write reaches it.
 */
final class ReadOnlyStore implements RemoteStore {
  private final RemoteStore store;

  ReadOnlyStore(RemoteStore store) {
    this.store = store;
  }

  @Override
  public String name() {
    return store.name();
  }

  @Override
  public boolean readOnly() {
    return true;
  }

  @Override
  public Optional<byte[]> getAction(String key) throws IOException {
    return store.getAction(key);
  }

  @Override
  public Map<String, byte[]> getActions(Collection<String> keys) throws IOException {
    return store.getActions(keys);
  }

  @Override
  public Optional<Map<String, byte[]>> getActionSet(String setKey) throws IOException {
    return store.getActionSet(setKey);
  }

  @Override
  public boolean getBlob(Digest digest, Path dest) throws IOException {
    return store.getBlob(digest, dest);
  }

  @Override
  public void putAction(String key, byte[] record) {
    // read-only: see the class comment
  }

  /** True, so that no caller falls back to writing a list in its place. */
  @Override
  public boolean putActionSet(String setKey, List<ListedAction> actions) {
    return true;
  }

  @Override
  public void putBlob(Digest digest, Path source, long size) {
    // read-only: see the class comment
  }

  @Override
  public boolean verifiesBlobs() {
    return store.verifiesBlobs();
  }

  @Override
  public boolean collectsUnreferencedBlobs() {
    return store.collectsUnreferencedBlobs();
  }

  @Override
  public int prefetchParallelism() {
    return store.prefetchParallelism();
  }

  @Override
  public void close() throws IOException {
    store.close();
  }
}
