package dev.slipway.dockerfile;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds the Dockerfiles of a repository ({@code Dockerfile}, {@code *.Dockerfile}, {@code
 * Dockerfile.*}, {@code Containerfile}) and the build context of each: its own directory, unless a
 * compose file or skaffold.yaml of the repository builds it with another.
 */
public final class DockerfileDiscovery {
  private static final Set<String> SKIPPED = Set.of("vendor", "node_modules", ".git", "testdata");
  private static final Set<String> COMPOSE =
      Set.of("docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml");
  private static final Set<String> SKAFFOLD = Set.of("skaffold.yaml", "skaffold.yml");

  private DockerfileDiscovery() {}

  /**
   * The Dockerfiles found, and the compose or skaffold files that could not be read.
   *
   * @param sources each Dockerfile with its context, sorted by path
   * @param problems one sentence per build file that could not be read, naming it
   */
  public record Result(List<DockerfileSource> sources, List<String> problems) {
    public Result {
      sources = List.copyOf(sources);
      problems = List.copyOf(problems);
    }
  }

  /** Searches {@code root}, the repository. */
  public static Result find(Path root) throws IOException {
    List<String> dockerfiles = new ArrayList<>();
    List<String> buildFiles = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            boolean skip = !dir.equals(root) && SKIPPED.contains(dir.getFileName().toString());
            return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String name = file.getFileName().toString();
            String relative = relative(root, file);
            if (attrs.isRegularFile() && isDockerfile(name)) {
              dockerfiles.add(relative);
            } else if (COMPOSE.contains(name) || SKAFFOLD.contains(name)) {
              buildFiles.add(relative);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    Map<String, String> contexts = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (String buildFile : buildFiles) {
      String name = ImagePaths.name(buildFile);
      try {
        Map<String, String> found =
            COMPOSE.contains(name)
                ? BuildFileContexts.compose(root, buildFile)
                : BuildFileContexts.skaffold(root, buildFile);
        found.forEach(contexts::putIfAbsent);
      } catch (IllegalArgumentException e) {
        problems.add(buildFile + ": " + e.getMessage());
      }
    }
    Map<String, DockerfileSource> sources = new TreeMap<>();
    for (String dockerfile : dockerfiles) {
      String context = contexts.getOrDefault(dockerfile, ImagePaths.clean(dockerfile + "/.."));
      sources.put(dockerfile, new DockerfileSource(dockerfile, context));
    }
    // A Dockerfile a build file names under another name is one too.
    contexts.forEach(
        (dockerfile, context) -> {
          if (!sources.containsKey(dockerfile) && Files.isRegularFile(root.resolve(dockerfile))) {
            sources.put(dockerfile, new DockerfileSource(dockerfile, context));
          }
        });
    return new Result(new ArrayList<>(sources.values()), problems);
  }

  static boolean isDockerfile(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".dockerignore")) {
      return false;
    }
    return name.equals("dockerfile")
        || name.equals("containerfile")
        || name.endsWith(".dockerfile")
        || name.startsWith("dockerfile.")
        || name.startsWith("containerfile.");
  }

  private static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace(File.separatorChar, '/');
  }
}
