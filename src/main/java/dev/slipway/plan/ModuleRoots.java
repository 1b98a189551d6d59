package dev.slipway.plan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the module a directory belongs to, as the go command does: the nearest go.mod above. */
public final class ModuleRoots {
  private ModuleRoots() {}

  public static Optional<Path> find(Path dir) {
    for (Path d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("go.mod"))) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
