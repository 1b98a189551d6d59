package dev.slipway.modfile;

import java.util.Objects;
import java.util.Optional;

/**
 * A {@code replace} directive: {@code oldPath [oldVersion] => newPath [newVersion]}. Without an old
 * version it replaces every version. Without a new version the replacement is a directory ({@link
 * #isLocal()}), relative to the main module's directory unless rooted.
 */
public record Replace(
    String oldPath,
    Optional<String> oldVersion,
    String newPath,
    Optional<String> newVersion,
    int line) {
  public Replace {
    Objects.requireNonNull(oldPath, "oldPath");
    Objects.requireNonNull(oldVersion, "oldVersion");
    Objects.requireNonNull(newPath, "newPath");
    Objects.requireNonNull(newVersion, "newVersion");
  }

  /** True when the replacement is a directory on disk, not a module from a proxy. */
  public boolean isLocal() {
    return newVersion.isEmpty();
  }

  /**
   * modfile.IsDirectoryPath: {@code .}, {@code ..}, paths starting {@code ./ ../ /} or their
   * Windows forms, and drive-letter paths. go checks every syntax, since go.mod files move between
   * systems.
   */
  static boolean isDirectoryPath(String p) {
    return p.equals(".")
        || p.startsWith("./")
        || p.startsWith(".\\")
        || p.equals("..")
        || p.startsWith("../")
        || p.startsWith("..\\")
        || p.startsWith("/")
        || p.startsWith("\\")
        || (p.length() >= 2
            && ((p.charAt(0) >= 'A' && p.charAt(0) <= 'Z')
                || (p.charAt(0) >= 'a' && p.charAt(0) <= 'z'))
            && p.charAt(1) == ':');
  }
}
