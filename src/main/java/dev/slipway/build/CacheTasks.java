package dev.slipway.build;

import dev.slipway.cache.LocalCache;
import dev.slipway.core.StoreCheck;
import dev.slipway.fingerprint.MemoStore;
import dev.slipway.image.BaseStore;
import dev.slipway.layer.LayerStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code slipway cache stats|gc} on the local tier of the compile-action cache, and {@code slipway
 * cache verify} on every store under the cache directory.
 */
public final class CacheTasks {
  private CacheTasks() {}

  private static LocalCache local(Path cacheDir) {
    return new LocalCache(cacheDir.resolve("actions"));
  }

  /** One line per fact, for people. */
  public static List<String> stats(Path cacheDir) throws IOException {
    LocalCache.Stats s = local(cacheDir).stats();
    List<String> out = new ArrayList<>();
    out.add("local cache: " + local(cacheDir).dir());
    out.add("actions: " + s.actions());
    out.add("blobs: " + s.blobs() + " (" + s.bytes() + " bytes)");
    return out;
  }

  /** Evicts least-recently-used entries until the local tier is at most {@code maxBytes}. */
  public static String gc(Path cacheDir, long maxBytes) throws IOException {
    LocalCache.GcResult r = local(cacheDir).gc(maxBytes);
    return "removed "
        + r.deleted()
        + " entries ("
        + r.freedBytes()
        + " bytes); "
        + r.remainingBytes()
        + " bytes remain";
  }

  /**
   * Checks every store under the cache directory, each in the package that owns it: compile
   * actions, layers, pulled bases, linked binaries, memos and modules. Damaged or unusable entries
   * are removed (each store treats a missing entry as a miss and makes it again) and reported per
   * store, with stale leftovers of interrupted writes cleaned.
   */
  public static List<StoreCheck> verify(Path cacheDir) throws IOException {
    List<StoreCheck> checks = new ArrayList<>();
    StoreCheck actions = new StoreCheck("actions");
    local(cacheDir).verify(actions);
    checks.add(actions);
    StoreCheck layers = new StoreCheck("layers");
    new LayerStore(cacheDir.resolve("layers")).verify(layers);
    checks.add(layers);
    StoreCheck base = new StoreCheck("base");
    new BaseStore(cacheDir).verify(base);
    checks.add(base);
    StoreCheck bin = new StoreCheck("bin");
    BinCheck.run(cacheDir.resolve("bin"), bin);
    checks.add(bin);
    StoreCheck memo = new StoreCheck("memo");
    new MemoStore(cacheDir).verify(memo);
    checks.add(memo);
    StoreCheck modules = StoreCheck.uncounted("modules");
    for (String bad : ModuleTasks.verify(cacheDir)) {
      int colon = bad.indexOf(": ");
      modules.removed(colon < 0 ? bad : bad.substring(0, colon), bad.substring(colon + 2));
    }
    checks.add(modules);
    return checks;
  }

  /** Parses sizes such as {@code 500M}, {@code 2G}, {@code 1048576}. */
  public static long parseSize(String text) {
    String t = text.strip().toUpperCase(java.util.Locale.ROOT);
    long unit = 1;
    if (t.endsWith("B")) {
      t = t.substring(0, t.length() - 1);
    }
    if (t.endsWith("K")) {
      unit = 1L << 10;
    } else if (t.endsWith("M")) {
      unit = 1L << 20;
    } else if (t.endsWith("G")) {
      unit = 1L << 30;
    } else if (t.endsWith("T")) {
      unit = 1L << 40;
    }
    if (unit > 1) {
      t = t.substring(0, t.length() - 1);
    }
    long n = Long.parseLong(t.strip());
    if (n < 0) {
      throw new NumberFormatException("negative size");
    }
    return Math.multiplyExact(n, unit);
  }
}
