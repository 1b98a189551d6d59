package dev.slipway.ci;

import dev.slipway.core.Digest;
import dev.slipway.core.IoErrors;
import dev.slipway.core.UsageException;
import dev.slipway.modfile.WorkFile;
import dev.slipway.plan.ModuleRoots;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The go.sum files a project's builds read, each by its path and the SHA-256 of its content: what
 * decides which modules a CI job downloads. Found as the go command would find the modules: the
 * {@code use} directories of the go.work in effect (with its go.work.sum), else every module under
 * the directory, else the module the directory lies in.
 *
 * @param entries sorted by path, so the set is the same whatever order a directory lists in
 */
public record GoSumSet(List<Entry> entries) {
  /** Directories no build reads modules from, beside those go skips ({@code .x}, {@code _x}). */
  private static final Set<String> SKIPPED = Set.of("vendor", "testdata", "node_modules");

  /**
   * One module's go.sum (or a go.work.sum).
   *
   * @param path relative to the directory searched (or to the go.work's), with {@code /}
   * @param sha256 the hex SHA-256 of its content; empty for a module that has no go.sum (it
   *     requires nothing)
   */
  public record Entry(String path, String sha256) {}

  public GoSumSet {
    entries = entries.stream().sorted(Comparator.comparing(Entry::path)).toList();
  }

  /**
   * The set for a build started in {@code dir}, with {@code gowork} as {@code go env GOWORK}
   * printed it there: a go.work's path, {@code off} or empty. Bad input (no module at all, an
   * unreadable directory, a malformed go.work) names the place.
   */
  public static GoSumSet find(Path dir, String gowork) throws UsageException {
    if (!gowork.isEmpty() && !gowork.equals("off")) {
      return workspace(Path.of(gowork));
    }
    List<Path> modules = modulesUnder(dir);
    if (!modules.isEmpty()) {
      return of(dir, modules);
    }
    Optional<Path> enclosing = ModuleRoots.find(dir);
    if (enclosing.isPresent()) {
      return of(enclosing.get(), List.of(enclosing.get()));
    }
    throw new UsageException(
        dir + ": no go.mod or go.work in this directory, below it or above it");
  }

  private static GoSumSet workspace(Path workFile) throws UsageException {
    Path root = workFile.toAbsolutePath().getParent();
    List<Path> modules = new ArrayList<>();
    for (String use : WorkFile.parse(workFile).uses()) {
      modules.add(root.resolve(use).normalize());
    }
    List<Entry> entries = new ArrayList<>(of(root, modules).entries());
    optionalHash(root.resolve("go.work.sum"))
        .ifPresent(hash -> entries.add(new Entry("go.work.sum", hash)));
    return new GoSumSet(entries);
  }

  private static GoSumSet of(Path root, List<Path> moduleDirs) throws UsageException {
    List<Entry> entries = new ArrayList<>();
    for (Path module : moduleDirs) {
      Path sum = module.resolve("go.sum");
      entries.add(new Entry(relative(root, sum), optionalHash(sum).orElse("")));
    }
    return new GoSumSet(entries);
  }

  /** The directories under {@code dir} (itself included) that hold a go.mod. */
  private static List<Path> modulesUnder(Path dir) throws UsageException {
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              String name = d.getFileName() == null ? "" : d.getFileName().toString();
              if (!d.equals(dir)
                  && (name.startsWith(".") || name.startsWith("_") || SKIPPED.contains(name))) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              if (Files.isRegularFile(d.resolve("go.mod"))) {
                found.add(d);
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UsageException(IoErrors.describe(IoErrors.naming(dir, e)), e);
    }
    return found;
  }

  private static Optional<String> optionalHash(Path file) throws UsageException {
    try {
      return Optional.of(Digest.sha256Of(file).hex());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UsageException(IoErrors.describe(IoErrors.naming(file, e)), e);
    }
  }

  private static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
  }
}
