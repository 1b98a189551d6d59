package dev.slipway.dockerfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the Go module a directory of the repository belongs to, to name its binary as go does. */
final class GoModules {
  private GoModules() {}

  /**
   * A module: its directory relative to the repository root, and its path.
   *
   * @param dir the directory holding go.mod, relative to the root ({@code .} for the root)
   * @param path the module path from its {@code module} line
   */
  record Module(String dir, String path) {}

  /** The module holding {@code dir} (relative to {@code root}), or null when there is none. */
  static Module find(Path root, String dir) throws IOException {
    String current = ImagePaths.clean(dir);
    while (true) {
      Path goMod = root.resolve(current).resolve("go.mod");
      if (Files.isRegularFile(goMod)) {
        String path = modulePath(Files.readString(goMod, StandardCharsets.UTF_8));
        return path == null ? null : new Module(current, path);
      }
      if (current.equals(".") || current.startsWith("..")) {
        return null;
      }
      int slash = current.lastIndexOf('/');
      current = slash < 0 ? "." : current.substring(0, slash);
    }
  }

  /** The import path of {@code dir} inside {@code module}. */
  static String importPath(Module module, String dir) {
    String rel = ImagePaths.relative(ImagePaths.clean(dir), module.dir());
    return rel.equals(".") ? module.path() : module.path() + "/" + rel;
  }

  /** The path on a go.mod's {@code module} line, or null. */
  static String modulePath(String goMod) {
    for (String line : goMod.split("\n")) {
      int comment = line.indexOf("//");
      String text = (comment < 0 ? line : line.substring(0, comment)).strip();
      if (text.startsWith("module ") || text.startsWith("module\t")) {
        String path = text.substring("module".length()).strip();
        if (path.length() >= 2 && (path.startsWith("\"") || path.startsWith("`"))) {
          path = path.substring(1, path.length() - 1);
        }
        return path.isEmpty() ? null : path;
      }
    }
    return null;
  }
}
