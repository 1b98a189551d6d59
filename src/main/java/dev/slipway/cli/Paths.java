package dev.slipway.cli;

import dev.slipway.core.HomeDirectory;
import dev.slipway.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where one run of a command happens and where the cache is, the same way for every command.
 *
 * <p>The working directory is the one the run was given, never the JVM's: a warm server runs many
 * clients' commands at once, each from its own directory, and a JVM cannot change its own.
 *
 * @param cwd the absolute directory relative paths are relative to
 */
record Paths(Path cwd) {
  Paths {
    if (!cwd.isAbsolute()) {
      throw new IllegalArgumentException("the working directory must be absolute: " + cwd);
    }
  }

  /** Relative paths are relative to where slipway was started. */
  Path resolve(Path p) {
    return cwd.resolve(p).toAbsolutePath().normalize();
  }

  /** The directory {@code -C} names, or the current one. */
  Path workDir(Path chdir) throws UsageException {
    Path dir = chdir == null ? cwd : resolve(chdir);
    if (!Files.isDirectory(dir)) {
      throw new UsageException("-C " + chdir + ": no such directory");
    }
    return dir;
  }

  /**
   * SLIPWAY_CACHE_DIR, else $XDG_CACHE_HOME/slipway, else $HOME/.cache/slipway; with none of the
   * three set, bad input (exit 2), as go refuses to guess a GOCACHE without HOME. The launcher's
   * client (launcher/client) names the warm server's socket by the same rule.
   */
  Path cacheDir(Map<String, String> env) throws UsageException {
    String explicit = env.get("SLIPWAY_CACHE_DIR");
    if (explicit != null && !explicit.isEmpty()) {
      return resolve(Path.of(explicit));
    }
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isEmpty()) {
      return resolve(Path.of(xdg, "slipway"));
    }
    return resolve(
        HomeDirectory.of(env)
            .orElseThrow(
                () ->
                    new UsageException(
                        "no cache directory: HOME is not set; set SLIPWAY_CACHE_DIR, XDG_CACHE_HOME or"
                            + " HOME"))
            .resolve(".cache")
            .resolve("slipway"));
  }
}
