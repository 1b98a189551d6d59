package dev.slipway.modules;

import dev.slipway.core.Digest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A remote cache another runner may have filled with module files: small named records (a module
 * version's index, a build's module set) and content-addressed blobs (.info, .mod and .zip bodies).
 * Nothing read from one is trusted: {@link RemoteModules} admits a module only through {@link
 * ModuleStore#admit}, which checks it against the build's go.sum.
 */
public interface ModuleRemote extends AutoCloseable {
  /** The remote's URL without credentials. */
  String name();

  /** The record stored under {@code key}, or empty when there is none. */
  Optional<byte[]> getRecord(String key) throws IOException;

  void putRecord(String key, byte[] value) throws IOException;

  /**
   * Writes the blob to {@code dest}, replacing it; false when the remote lacks it. What is written
   * may be anything: the caller checks it.
   */
  boolean getBlob(Digest digest, Path dest) throws IOException;

  void putBlob(Digest digest, Path source, long size) throws IOException;

  /** True for a remote the build only reads ({@code ?mode=ro}): nothing is queued for it. */
  default boolean readOnly() {
    return false;
  }

  @Override
  void close() throws IOException;
}
