package dev.slipway.layer;

import dev.slipway.core.UsageException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Copies a directory tree into a layer: files 0644, or 0755 when any execute bit is set;
 * directories 0755. Symlinks are followed, and so copied as what they point at, but only when they
 * resolve inside {@code root}: a link out of it would put arbitrary host files into a published
 * image. {@code what} names the tree in errors ("kodata", "file").
 */
final class TreeWalk {
  private TreeWalk() {}

  /**
   * Adds what is in {@code dir} (a real path); {@code shown} is the same place as the user named
   * it.
   */
  static int walk(
      Path root,
      Path dir,
      Path shown,
      String imageDir,
      LayerBuilder builder,
      Set<Path> ancestors,
      String what)
      throws IOException, UsageException {
    int added = 0;
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        String name = child.getFileName().toString();
        Path shownChild = shown.resolve(name);
        Path real = resolveInside(root, child, shownChild, what);
        BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class);
        String imagePath = imageDir + "/" + name;
        if (attrs.isDirectory()) {
          if (!ancestors.add(real)) {
            throw new UsageException(what + " symlink " + shownChild + " forms a cycle");
          }
          add(builder, () -> LayerEntry.directory(imagePath, 0755), shownChild, what);
          added += 1 + walk(root, real, shownChild, imagePath, builder, ancestors, what);
          ancestors.remove(real);
        } else if (attrs.isRegularFile()) {
          int mode = executable(real) ? 0755 : 0644;
          add(builder, () -> LayerEntry.file(imagePath, mode, real), shownChild, what);
          added++;
        } else {
          throw new UsageException(
              what + " entry " + shownChild + " is not a regular file or directory");
        }
      }
    }
    return added;
  }

  /** The real path of {@code child}, which must lie inside {@code root}. */
  static Path resolveInside(Path root, Path child, Path shown, String what)
      throws IOException, UsageException {
    if (!Files.isSymbolicLink(child)) {
      return child;
    }
    Path real;
    try {
      real = child.toRealPath();
    } catch (NoSuchFileException e) {
      throw new UsageException(what + " symlink " + shown + " points at nothing", e);
    }
    if (!real.startsWith(root)) {
      throw new UsageException(
          what
              + " symlink "
              + shown
              + " points outside the "
              + what
              + " directory (to "
              + real
              + "); copy the file in instead");
    }
    return real;
  }

  static void add(LayerBuilder builder, Supplier<LayerEntry> entry, Path shown, String what)
      throws UsageException {
    try {
      builder.add(entry.get());
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          what + " entry " + shown + " cannot go into a layer: " + e.getMessage(), e);
    }
  }

  static boolean executable(Path file) throws IOException {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      return p.contains(PosixFilePermission.OWNER_EXECUTE)
          || p.contains(PosixFilePermission.GROUP_EXECUTE)
          || p.contains(PosixFilePermission.OTHERS_EXECUTE);
    } catch (UnsupportedOperationException e) {
      return Files.isExecutable(file);
    }
  }
}
