package dev.slipway.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a target's {@code files}: a path or glob of the project ({@code from}, relative to
 * the configuration file's directory) and where it goes in the image ({@code to}, absolute).
 *
 * @param mode the file mode for files, when given (directories are always 0755)
 */
public record FileMapping(String from, String to, Optional<Integer> mode, Where where) {
  public FileMapping {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(where, "where");
  }
}
