package dev.slipway.build;

import dev.slipway.cache.ActionRecord;
import dev.slipway.cache.CorruptBlobException;
import dev.slipway.cache.RemoteStore;
import dev.slipway.core.Digest;
import dev.slipway.modules.ModuleRemote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A compile-cache backend holding module files too, so every backend (Redis, bazel-remote HTTP, OCI
 * registry) shares modules without a format of its own. A record is a blob of its own with an
 * action record pointing at it: {@code key -> (blob digest, size)}, which every backend can store
 * as it stores compile actions. Module blobs are the backend's ordinary content-addressed blobs.
 */
final class RemoteModuleStore implements ModuleRemote {
  private final RemoteStore store;
  private final Path tempDir;

  /**
   * The remote caches {@code urls} as module remotes, each opened afresh (the compile cache keeps
   * its own connections), their refusals and failures reported to {@code warnings}.
   */
  static dev.slipway.modules.RemoteModules open(
      java.util.List<String> urls,
      java.util.Map<String, String> environment,
      Path tempDir,
      java.util.function.Consumer<String> warnings)
      throws dev.slipway.core.UsageException {
    if (urls.isEmpty()) {
      return dev.slipway.modules.RemoteModules.none();
    }
    return new dev.slipway.modules.RemoteModules(
        RemoteCaches.open(urls, environment).stream()
            .map(r -> new RemoteModuleStore(r, tempDir))
            .toList(),
        warnings);
  }

  RemoteModuleStore(RemoteStore store, Path tempDir) {
    this.store = store;
    this.tempDir = tempDir;
  }

  @Override
  public String name() {
    return store.name();
  }

  @Override
  public boolean readOnly() {
    return store.readOnly();
  }

  @Override
  public Optional<byte[]> getRecord(String key) throws IOException {
    Optional<byte[]> pointer = store.getAction(key);
    if (pointer.isEmpty()) {
      return Optional.empty();
    }
    ActionRecord record;
    try {
      record = ActionRecord.parse(pointer.get());
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not ours, or damaged: a miss, overwritten by the next put
    }
    Path temp = temp();
    try {
      if (!getBlob(record.blob(), temp)) {
        return Optional.empty();
      }
      byte[] bytes = Files.readAllBytes(temp);
      return Digest.sha256Of(bytes).equals(record.blob()) ? Optional.of(bytes) : Optional.empty();
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public void putRecord(String key, byte[] value) throws IOException {
    Digest digest = Digest.sha256Of(value);
    Path temp = temp();
    try {
      Files.write(temp, value);
      store.putBlob(digest, temp, value.length);
    } finally {
      Files.deleteIfExists(temp);
    }
    store.putAction(key, new ActionRecord(digest, digest, value.length, Instant.now()).encode());
  }

  @Override
  public boolean getBlob(Digest digest, Path dest) throws IOException {
    try {
      return store.getBlob(digest, dest);
    } catch (CorruptBlobException e) {
      return false; // the caller checks every byte anyway; a bad copy is a miss
    }
  }

  /**
   * Stores the blob; where the backend collects blobs nothing names (a registry), also an action
   * record naming it ({@code mb-<digest>}), which keeps it as an action's body is kept.
   */
  @Override
  public void putBlob(Digest digest, Path source, long size) throws IOException {
    store.putBlob(digest, source, size);
    if (store.collectsUnreferencedBlobs()) {
      store.putAction(
          "mb-" + digest.hex().substring(0, 40),
          new ActionRecord(digest, digest, size, Instant.now()).encode());
    }
  }

  private Path temp() throws IOException {
    Files.createDirectories(tempDir);
    return Files.createTempFile(tempDir, "record.", ".tmp");
  }

  @Override
  public void close() throws IOException {
    store.close();
  }
}
