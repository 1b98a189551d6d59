package dev.slipway.build;

import dev.slipway.cacheprog.Bridge;
import dev.slipway.cacheprog.CacheprogProtocol;
import dev.slipway.cacheprog.CacheprogServer;
import dev.slipway.cacheprog.DiskActionStore;
import dev.slipway.cacheprog.GoVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The go build cache Slipway serves: to the user's go as a GOCACHEPROG, and to its own go runs. */
public final class CacheprogTasks {
  private CacheprogTasks() {}

  /** Where compile actions live in the cache directory. */
  public static Path actionsDir(Path cacheDir) {
    return cacheDir.resolve("actions");
  }

  /**
   * Speaks GOCACHEPROG on {@code in}/{@code out} for one go process until it closes, over the local
   * action store, and returns what was served.
   */
  public static DiskActionStore.Stats serveStdio(Path cacheDir, InputStream in, OutputStream out)
      throws IOException {
    DiskActionStore store = new DiskActionStore(actionsDir(cacheDir));
    ExecutorService workers =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "slipway-cacheprog-worker");
              t.setDaemon(true);
              return t;
            });
    try {
      CacheprogProtocol.serve(in, out, store, workers);
    } finally {
      workers.shutdown();
    }
    return store.stats();
  }

  /**
   * A cache server for go processes Slipway starts itself, or empty (after one warning on {@code
   * log}) when the toolchain predates GOCACHEPROG: the caller then leaves the plain GOCACHE alone.
   * Point each go process at it with {@code GOCACHEPROG=server.goCacheProgValue()}.
   */
  public static Optional<CacheprogServer> startServer(
      Path cacheDir, Map<String, String> goEnv, String goVersion, PrintStream log)
      throws IOException {
    if (!GoVersion.supportsCacheProg(goVersion)) {
      log.println(
          "slipway: warning: "
              + goVersion
              + " has no GOCACHEPROG (Go 1.24+); compiling with the plain GOCACHE instead");
      return Optional.empty();
    }
    Path bridge = Bridge.ensureBuilt(cacheDir, goEnv);
    return Optional.of(
        CacheprogServer.start(new DiskActionStore(actionsDir(cacheDir)), bridge, log));
  }
}
