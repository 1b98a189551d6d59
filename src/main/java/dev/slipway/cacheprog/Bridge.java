package dev.slipway.cacheprog;

import dev.slipway.core.AtomicFiles;
import dev.slipway.core.Digest;
import dev.slipway.core.Subprocess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The GOCACHEPROG helper for go processes Slipway starts: a few lines of Go (bridge.go) that join
 * stdin and stdout to {@link CacheprogServer}'s socket. It is built once per source version with
 * the local toolchain and kept in the cache directory.
 */
public final class Bridge {
  private static final String SOURCE = "bridge.go";

  private Bridge() {}

  /**
   * The path of the built bridge under {@code cacheDir/bin}, building it first if needed. Safe to
   * call from several processes at once: each builds into its own temp dir and renames.
   *
   * @param goEnv the environment to run go in; GOCACHEPROG, GOFLAGS and cgo are overridden
   */
  public static Path ensureBuilt(Path cacheDir, Map<String, String> goEnv) throws IOException {
    byte[] source = source();
    Path target = target(cacheDir);
    Path bin = target.getParent();
    if (Files.isExecutable(target)) {
      return target;
    }
    Files.createDirectories(bin);
    Path work = Files.createTempDirectory(bin, ".bridge-");
    try {
      Files.write(work.resolve(SOURCE), source);
      Path built = work.resolve("bridge");
      ProcessBuilder pb =
          new ProcessBuilder("go", "build", "-trimpath", "-o", built.toString(), SOURCE)
              .directory(work.toFile())
              .redirectErrorStream(true);
      Map<String, String> env = pb.environment();
      env.clear();
      env.putAll(goEnv);
      // The bridge must not be built through a cache served by itself.
      env.remove("GOCACHEPROG");
      env.put("GOFLAGS", "");
      env.put("CGO_ENABLED", "0");
      env.put("GOWORK", "off");
      env.put("GO111MODULE", "on");
      // It runs here, whatever platform the build targets.
      env.keySet().removeAll(java.util.List.of("GOOS", "GOARCH", "GOARM", "GOAMD64", "GOARM64"));
      try (Subprocess process = Subprocess.start(pb)) {
        String output = new String(process.stdout().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
          throw new IOException("building the GOCACHEPROG bridge failed: " + output.strip());
        }
      }
      AtomicFiles.move(built, target, false);
      return target;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while building the GOCACHEPROG bridge", e);
    } finally {
      deleteTree(work);
    }
  }

  /** Where the bridge for this version of its source lives under {@code cacheDir}. */
  public static Path target(Path cacheDir) throws IOException {
    return cacheDir
        .toAbsolutePath()
        .resolve("bin")
        .resolve("slipway-cacheprog-bridge-" + sourceKey());
  }

  /** A short digest of the bridge's source: a new source is a new binary. */
  public static String sourceKey() throws IOException {
    return Digest.sha256Of(source()).hex().substring(0, 16);
  }

  private static byte[] source() throws IOException {
    try (InputStream in = Bridge.class.getResourceAsStream(SOURCE)) {
      if (in == null) {
        throw new IOException("bridge.go is missing from Slipway's jar");
      }
      return in.readAllBytes();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : paths) {
      Files.deleteIfExists(p);
    }
  }
}
