package dev.slipway.build;

import dev.slipway.core.LockFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cache locks one build takes. Each is released as soon as its work is done; closing this
 * releases any that a failed build left held (its remaining work was dropped with the pools), so a
 * later build in the same JVM does not wait for them.
 */
final class HeldLocks implements AutoCloseable {
  private final Set<LockFiles.Held> held = ConcurrentHashMap.newKeySet();

  LockFiles.Held lock(Path file) throws IOException {
    LockFiles.Held lock = LockFiles.lock(file);
    held.add(lock);
    return lock;
  }

  @Override
  public void close() {
    held.forEach(LockFiles.Held::close);
  }
}
