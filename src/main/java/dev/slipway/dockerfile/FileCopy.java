package dev.slipway.dockerfile;

/**
 * An entry of a target's {@code files}: a path of the repository put in the image.
 *
 * @param from a path or glob relative to slipway.yaml's directory
 * @param to the absolute path in the image: the file's path, or for a directory the directory its
 *     contents go to (as {@code COPY} does), or for a glob the directory that receives its matches
 *     (with a trailing slash)
 * @param mode an octal mode such as {@code 0644}, or null to keep the files' own
 */
public record FileCopy(String from, String to, String mode) {
  public FileCopy {
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
