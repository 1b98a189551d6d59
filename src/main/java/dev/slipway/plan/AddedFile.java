package dev.slipway.plan;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A file or directory of the project that goes into a target's image.
 *
 * @param project the project's directory (a real path); symlinks under a directory source may not
 *     lead out of it
 * @param source the file or directory on disk (a directory goes in with everything under it)
 * @param target its absolute path in the image
 * @param mode the mode for files, when the configuration gives one; else 0644, or 0755 when the
 *     file is executable
 * @param shown where the configuration asked for it ({@code file:line:column}), for errors
 */
public record AddedFile(
    Path project, Path source, String target, Optional<Integer> mode, String shown) {
  public AddedFile {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(source, "source");
    if (!target.startsWith("/")) {
      throw new IllegalArgumentException("image path must be absolute: " + target);
    }
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(shown, "shown");
  }
}
