package dev.slipway.layer;

import dev.slipway.core.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The layer of a target's added files ({@code files} in slipway.yaml): each file or directory of
 * the project at its absolute path in the image, owned by 0:0, with parents 0755. A file gets its
 * configured mode, else 0644 (0755 when executable); a directory goes in whole, as {@link TreeWalk}
 * copies trees, with symlinks followed only inside the project.
 */
public final class FilesLayer {
  private FilesLayer() {}

  /**
   * One file or directory to add.
   *
   * @param source a real path inside {@code project}
   * @param target an absolute path in the image
   * @param mode for a file, when configured
   * @param shown where it was asked for, for errors
   */
  public record Source(Path source, String target, Optional<Integer> mode, String shown) {}

  /** Entries for {@code sources}, or empty when there are none. */
  public static Optional<LayerBuilder> entries(Path project, List<Source> sources)
      throws IOException, UsageException {
    if (sources.isEmpty()) {
      return Optional.empty();
    }
    Path root = project.toRealPath();
    LayerBuilder builder = new LayerBuilder();
    for (Source s : sources) {
      String imagePath = s.target().equals("/") ? "" : s.target();
      Path shown = Path.of(s.shown());
      if (Files.isDirectory(s.source())) {
        if (!imagePath.isEmpty()) {
          TreeWalk.add(builder, () -> LayerEntry.directory(imagePath, 0755), shown, "file");
        }
        Set<Path> ancestors = new HashSet<>(Set.of(s.source()));
        TreeWalk.walk(root, s.source(), shown, imagePath, builder, ancestors, "file");
      } else if (Files.isRegularFile(s.source())) {
        int mode = s.mode().orElse(TreeWalk.executable(s.source()) ? 0755 : 0644);
        TreeWalk.add(builder, () -> LayerEntry.file(imagePath, mode, s.source()), shown, "file");
      } else {
        throw new UsageException(s.shown() + ": " + s.source() + " is not a file or directory");
      }
    }
    return Optional.of(builder);
  }
}
