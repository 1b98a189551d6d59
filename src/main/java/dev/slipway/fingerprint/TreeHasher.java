package dev.slipway.fingerprint;

import dev.slipway.core.IoErrors;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Hashes the files of a module tree: every file's relative path, executable bit and content,
 * including files Go would ignore (it errs towards rebuilding). It skips VCS metadata, nested
 * modules (they cannot hold this module's packages), ignored paths and the build's own outputs.
 */
public final class TreeHasher {
  private static final Set<String> VCS_DIRS = Set.of(".git", ".hg", ".svn", ".bzr");

  private TreeHasher() {}

  /** One line per file, sorted: {@code <relative path> TAB <x|-|link> TAB <sha256 or target>}. */
  public static List<String> hash(Path root, IgnoreRules ignore, Set<Path> excluded)
      throws IOException {
    return hash(root, ignore, excluded, FileHashCache.none());
  }

  /** As {@link #hash(Path, IgnoreRules, Set)}, reusing hashes of files whose stat is unchanged. */
  public static List<String> hash(
      Path root, IgnoreRules ignore, Set<Path> excluded, FileHashCache cache) throws IOException {
    List<String> lines = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (dir.equals(root)) {
              return FileVisitResult.CONTINUE;
            }
            Path rel = root.relativize(dir);
            if (VCS_DIRS.contains(dir.getFileName().toString())
                || excluded.contains(dir.toAbsolutePath().normalize())
                || ignore.ignores(rel, true)
                || Files.isRegularFile(dir.resolve("go.mod"))) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Path rel = root.relativize(file);
            if (ignore.ignores(rel, false)
                || excluded.contains(file.toAbsolutePath().normalize())) {
              return FileVisitResult.CONTINUE;
            }
            String name = rel.toString().replace('\\', '/');
            if (attrs.isSymbolicLink()) {
              lines.add(name + "\tlink\t" + Files.readSymbolicLink(file));
              return FileVisitResult.CONTINUE;
            }
            if (!attrs.isRegularFile()) {
              return FileVisitResult.CONTINUE;
            }
            lines.add(name + "\t" + cache.hash(file, name));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            throw IoErrors.naming(file, e);
          }
        });
    // Any fixed order will do for a fingerprint; the walk order is not fixed.
    lines.sort(null);
    return lines;
  }
}
