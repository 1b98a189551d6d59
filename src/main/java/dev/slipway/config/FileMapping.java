package dev.slipway.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a target's {@code files}: a path or glob of the project ({@code from}, relative to
 * the configuration file's directory) and where it goes in the image ({@code to}, absolute).
 *
 * @param mode the mode for files, when given (directories are always 0755)
 * @param exclude patterns, as in {@code .dockerignore}, relative to the configuration file's
 *     directory, of what a directory or glob leaves out
 */
public record FileMapping(
    String from, String to, Optional<Integer> mode, List<String> exclude, Where where) {
  public FileMapping {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(mode, "mode");
    exclude = List.copyOf(exclude);
    Objects.requireNonNull(where, "where");
  }

  /** An entry with nothing excluded. */
  public FileMapping(String from, String to, Optional<Integer> mode, Where where) {
    this(from, to, mode, List.of(), where);
  }
}
