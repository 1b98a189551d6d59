package dev.slipway.layer;

import dev.slipway.core.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

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
    int added = TreeWalk.walk(root, root, kodataDir, KO_DATA_PATH, builder, ancestors, "kodata");
    if (added == 0) {
      return Optional.empty();
    }
    builder.add(LayerEntry.directory(KO_DATA_PATH, 0755));
    return Optional.of(builder);
  }
}
