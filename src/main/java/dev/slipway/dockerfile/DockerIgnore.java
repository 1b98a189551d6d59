package dev.slipway.dockerfile;

import dev.slipway.plan.ExcludeRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A build's {@code .dockerignore}: the Dockerfile's own ({@code <Dockerfile>.dockerignore}) if it
 * has one, as BuildKit prefers it, else the build context's. Its patterns are kept relative to the
 * repository, as slipway.yaml's {@code exclude} takes them.
 */
final class DockerIgnore {
  static final DockerIgnore NONE = new DockerIgnore(List.of());

  private final List<String> patterns;
  private final ExcludeRules rules;

  /** {@code patterns} each under the context's path, relative to the repository. */
  DockerIgnore(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
    this.rules = ExcludeRules.of(this.patterns);
  }

  /** The patterns, each under the context's path. */
  List<String> patterns() {
    return patterns;
  }

  static DockerIgnore read(Path root, DockerfileSource source) throws IOException {
    Path beside = root.resolve(source.dockerfile() + ".dockerignore");
    Path inContext = root.resolve(source.context()).resolve(".dockerignore");
    Path file = Files.isRegularFile(beside) ? beside : inContext;
    if (!Files.isRegularFile(file)) {
      return NONE;
    }
    String prefix = ImagePaths.clean(source.context());
    List<String> out = new ArrayList<>();
    for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean exception = line.startsWith("!");
      String p = (exception ? line.substring(1).strip() : line).replaceFirst("^/+", "");
      if (p.isEmpty()) {
        continue;
      }
      out.add((exception ? "!" : "") + (prefix.equals(".") ? p : prefix + "/" + p));
    }
    return new DockerIgnore(out);
  }

  /** True if Docker leaves {@code path} (relative to the repository) out of the context. */
  boolean excludes(String path) {
    return rules.excludes(path);
  }

  /** True if Docker leaves out some file at or below {@code path}. */
  boolean excludesBelow(Path root, String path) throws IOException {
    if (rules.isEmpty()) {
      return false;
    }
    Path dir = root.resolve(path);
    if (!Files.isDirectory(dir)) {
      return rules.excludes(path);
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.anyMatch(p -> rules.excludes(root.relativize(p).toString().replace('\\', '/')));
    }
  }
}
