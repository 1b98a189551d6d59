package dev.slipway.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A project's {@code slipway.yaml}: defaults for every target, and the targets by image name, in
 * the order written.
 *
 * @param file the file it was read from; the paths of {@code main} and of added files are relative
 *     to its directory
 */
public record ProjectConfig(Path file, TargetConfig defaults, Map<String, TargetConfig> targets) {
  /** The file name looked for in the working directory. */
  public static final String FILE_NAME = "slipway.yaml";

  public ProjectConfig {
    targets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(targets));
  }

  /** No configuration file: built-in defaults everywhere. */
  public static ProjectConfig none(Path workDir) {
    return new ProjectConfig(workDir.resolve(FILE_NAME), TargetConfig.EMPTY, Map.of());
  }

  /** The directory that {@code main} and {@code files} paths are relative to. */
  public Path dir() {
    return file.toAbsolutePath().getParent();
  }

  public Optional<TargetConfig> target(String name) {
    return Optional.ofNullable(targets.get(name));
  }
}
