package dev.slipway.layer;

import dev.slipway.core.UsageException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The data layer for ko users: a package's {@code kodata/} directory copied to {@code /var/run/ko}
 * (the image sets {@code KO_DATA_PATH} to that). Files become 0644, or 0755 when any execute bit is
 * set; directories 0755; all owned by 0:0. Symlinks are followed, and so copied as what they point
 * at, but only when they resolve inside the kodata directory: a link out of it would put arbitrary
 * host files into a published image.
 */
public final class KodataLayer {
  /** Where kodata lands in the image; also the value of KO_DATA_PATH. */
  public static final String KO_DATA_PATH = "/var/run/ko";

  private KodataLayer() {}

  /**
   * Entries for {@code kodataDir}, or empty when it is absent or has nothing in it. Throws
   * UsageException, naming the path, for a symlink that escapes or dangles, a symlink cycle, a
   * special file, or a name that cannot go into a layer.
   */
  public static Optional<LayerBuilder> entries(Path kodataDir) throws IOException, UsageException {
    if (!Files.isDirectory(kodataDir)) {
      return Optional.empty();
    }
    Path root = kodataDir.toRealPath();
    LayerBuilder builder = new LayerBuilder();
    Set<Path> ancestors = new HashSet<>(Set.of(root));
    int added = walk(root, root, kodataDir, KO_DATA_PATH, builder, ancestors);
    if (added == 0) {
      return Optional.empty();
    }
    builder.add(LayerEntry.directory(KO_DATA_PATH, 0755));
    return Optional.of(builder);
  }

  /**
   * Adds what is in {@code dir} (a real path); {@code shown} is the same place as the user named
   * it.
   */
  private static int walk(
      Path root, Path dir, Path shown, String imageDir, LayerBuilder builder, Set<Path> ancestors)
      throws IOException, UsageException {
    int added = 0;
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        String name = child.getFileName().toString();
        Path shownChild = shown.resolve(name);
        Path real = resolveInside(root, child, shownChild);
        BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class);
        String imagePath = imageDir + "/" + name;
        if (attrs.isDirectory()) {
          if (!ancestors.add(real)) {
            throw new UsageException("kodata symlink " + shownChild + " forms a cycle");
          }
          add(builder, () -> LayerEntry.directory(imagePath, 0755), shownChild);
          added += 1 + walk(root, real, shownChild, imagePath, builder, ancestors);
          ancestors.remove(real);
        } else if (attrs.isRegularFile()) {
          int mode = executable(real) ? 0755 : 0644;
          add(builder, () -> LayerEntry.file(imagePath, mode, real), shownChild);
          added++;
        } else {
          throw new UsageException(
              "kodata entry " + shownChild + " is not a regular file or directory");
        }
      }
    }
    return added;
  }

  /** The real path of {@code child}, which must lie inside {@code root}. */
  private static Path resolveInside(Path root, Path child, Path shown)
      throws IOException, UsageException {
    if (!Files.isSymbolicLink(child)) {
      return child;
    }
    Path real;
    try {
      real = child.toRealPath();
    } catch (NoSuchFileException e) {
      throw new UsageException("kodata symlink " + shown + " points at nothing", e);
    }
    if (!real.startsWith(root)) {
      throw new UsageException(
          "kodata symlink "
              + shown
              + " points outside the kodata directory (to "
              + real
              + "); copy the file in instead");
    }
    return real;
  }

  private static void add(LayerBuilder builder, Supplier<LayerEntry> entry, Path shown)
      throws UsageException {
    try {
      builder.add(entry.get());
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "kodata entry " + shown + " cannot go into a layer: " + e.getMessage(), e);
    }
  }

  private static boolean executable(Path file) throws IOException {
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
