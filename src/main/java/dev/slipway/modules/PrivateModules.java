package dev.slipway.modules;

import dev.slipway.core.ModuleVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

/**
 * GONOPROXY/GOPRIVATE modules kept in the team's remote caches, when the user opts in.
 *
 * <p>The go command fetches private modules straight from their VCS, so without this every fresh
 * runner clones them again. With it, the build's go runs with {@code GONOPROXY=none}, so it asks
 * the loopback proxy first, which serves them from the store and the remotes, never from a proxy
 * ({@link Upstream#withPrivate}); one they lack still goes {@code direct}. After the build, each
 * private module go fetched is taken from go's own download cache, checked against go.sum like any
 * other, stored and uploaded.
 *
 * <p>The trade-off: the remote then holds the modules' source, readable by whoever can read the
 * remote. Off by default, as go does.
 */
public final class PrivateModules {
  private PrivateModules() {}

  /**
   * Stores every private module in {@code modules} that go's download cache under {@code
   * goModCache} holds and the store lacks, and queues it for the remotes.
   *
   * @return how many were stored
   */
  public static int capture(
      ModuleStore store,
      Path goModCache,
      Collection<ModuleVersion> modules,
      GoProxySettings settings,
      Expected expected,
      RemoteModules remotes)
      throws IOException {
    int stored = 0;
    for (ModuleVersion mv : modules) {
      if (!settings.bypassesProxy(mv.path())) {
        continue;
      }
      boolean zip = expected.zipHash(mv).isPresent();
      Optional<StoredModule> have = store.get(mv);
      if (have.isPresent() && (!zip || have.get().hasZip())) {
        continue;
      }
      Path dir = goModCache.resolve("cache/download").resolve(mv.escapedPath()).resolve("@v");
      String base = mv.escapedVersion();
      try {
        byte[] mod = Files.readAllBytes(dir.resolve(base + ".mod"));
        Path zipFile = dir.resolve(base + ".zip");
        boolean haveZip = zip && Files.isRegularFile(zipFile);
        byte[] info =
            Files.isRegularFile(dir.resolve(base + ".info"))
                ? Files.readAllBytes(dir.resolve(base + ".info"))
                : null;
        StoredModule sm = store.admit(mv, info, mod, haveZip ? zipFile : null, expected, false);
        remotes.upload(store, sm, null);
        stored++;
      } catch (NoSuchFileException e) {
        // go did not fetch this one (it needed no file of it)
      } catch (ModuleRejectedException e) {
        // go.sum does not vouch for what go's cache holds: keep nothing, go will say so itself
      }
    }
    return stored;
  }
}
