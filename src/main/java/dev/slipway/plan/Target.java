package dev.slipway.plan;

import java.nio.file.Path;

/**
 * A main package to build into an image.
 *
 * @param name the binary and image name (last import path element, skipping a /vN suffix)
 * @param importPath the package's import path
 * @param moduleRoot the directory holding the package's go.mod
 * @param packageDir the package's directory
 */
public record Target(String name, String importPath, Path moduleRoot, Path packageDir) {
  /** The binary name go gives a main package: its last path element, but not a major version. */
  public static String nameFor(String importPath) {
    String[] parts = importPath.split("/");
    String last = parts[parts.length - 1];
    if (parts.length > 1 && last.matches("v[0-9]+")) {
      return parts[parts.length - 2];
    }
    return last;
  }
}
