package dev.slipway.build;

import dev.slipway.cache.CacheTrust;
import dev.slipway.cache.LocalCache;
import dev.slipway.cache.RemoteStore;
import dev.slipway.cache.TierStats;
import dev.slipway.cache.TieredCache;
import dev.slipway.cacheprog.CacheprogProtocol;
import dev.slipway.core.DaemonThreads;
import dev.slipway.core.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
   * Speaks GOCACHEPROG on {@code in}/{@code out} for one go process until it closes, over the same
   * tiered cache {@code slipway build} uses (the local tier, then the remotes named in
   * SLIPWAY_CACHE), and returns one line per tier saying what it served.
   */
  public static List<String> serveStdio(
      Path cacheDir, Map<String, String> environment, InputStream in, OutputStream out)
      throws IOException, UsageException {
    List<String> urls = RemoteCaches.urls(List.of(), environment);
    CacheTrust trust = urls.isEmpty() ? CacheTrust.NONE : RemoteCaches.trust(environment);
    List<RemoteStore> remotes = RemoteCaches.open(urls, environment);
    TieredCache cache =
        new TieredCache(
            new LocalCache(actionsDir(cacheDir)),
            remotes,
            message -> System.err.println("slipway cacheprog: warning: " + message),
            TieredCache.Settings.DEFAULT,
            trust);
    ExecutorService workers =
        Executors.newFixedThreadPool(4, DaemonThreads.named("slipway-cacheprog-worker"));
    try {
      CacheprogProtocol.serve(in, out, new TieredActionStore(cache), workers);
      cache.flush(Duration.ofSeconds(60));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      workers.shutdown();
      cache.close();
    }
    List<String> lines = new ArrayList<>();
    for (TierStats t : cache.stats()) {
      lines.add(
          t.tier()
              + ": "
              + t.hits()
              + " hits, "
              + t.misses()
              + " misses, "
              + t.writes()
              + " writes"
              + (t.readOnly() ? " (read-only)" : "")
              + (t.untrusted() > 0 ? ", " + t.untrusted() + " untrusted records ignored" : ""));
    }
    return lines;
  }
}
