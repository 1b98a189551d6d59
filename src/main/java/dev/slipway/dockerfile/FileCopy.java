package dev.slipway.dockerfile;

/**
 * An entry of a target's {@code files}: a path of the repository put in the image.
 *
 * @param from a path or glob relative to slipway.yaml's directory
 * @param to the absolute path in the image: the file's path, or for a directory the directory its
 *     contents go to (as {@code COPY} does), or for a glob the directory that receives its matches
 *     (with a trailing slash)
 * @param mode an octal mode such as {@code 0644}, or null to keep the files' own
 * @param exclude what the build's {@code .dockerignore} leaves out of a directory or glob, relative
 *     to slipway.yaml's directory; empty when it leaves out nothing there
 */
public record FileCopy(String from, String to, String mode, java.util.List<String> exclude) {
  /** A copy that leaves nothing out. */
  public FileCopy(String from, String to, String mode) {
    this(from, to, mode, java.util.List.of());
  }

  public FileCopy {
    exclude = java.util.List.copyOf(exclude);
    if (from == null || from.isEmpty() || from.startsWith("/")) {
      throw new IllegalArgumentException("from must be a relative path: " + from);
    }
    if (to == null || !to.startsWith("/")) {
      throw new IllegalArgumentException("to must be an absolute path: " + to);
    }
    if (mode != null && !mode.matches("0?[0-7]{3,4}")) {
      throw new IllegalArgumentException("mode must be octal, such as 0644: " + mode);
    }
  }
}
