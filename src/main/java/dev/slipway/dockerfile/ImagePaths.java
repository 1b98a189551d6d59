package dev.slipway.dockerfile;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Slash-separated paths inside an image or a build context, handled as strings: they are not paths
 * of this machine, and their trailing slash means something to {@code COPY}.
 */
final class ImagePaths {
  private ImagePaths() {}

  /** {@code path} made absolute against {@code dir} and cleaned; a trailing slash is kept. */
  static String resolve(String dir, String path) {
    String joined = path.startsWith("/") ? path : dir + "/" + path;
    String clean = clean(joined);
    boolean directory = path.endsWith("/") || path.equals(".") || path.endsWith("/.");
    return directory && !clean.equals("/") ? clean + "/" : clean;
  }

  /** {@code path} without {@code .}, {@code ..}, repeated or trailing slashes; absolute stays. */
  static String clean(String path) {
    boolean absolute = path.startsWith("/");
    Deque<String> parts = new ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
          parts.removeLast();
        } else if (!absolute) {
          parts.addLast(part);
        }
        continue;
      }
      parts.addLast(part);
    }
    String joined = String.join("/", parts);
    if (absolute) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }

  /** Whether {@code path} is {@code dir} or inside it (both clean, absolute or both relative). */
  static boolean within(String path, String dir) {
    if (dir.equals("/") || dir.equals(".")) {
      return true;
    }
    return path.equals(dir) || path.startsWith(dir + "/");
  }

  /** {@code path} relative to {@code dir}, which holds it: {@code "."} for {@code dir} itself. */
  static String relative(String path, String dir) {
    if (path.equals(dir)) {
      return ".";
    }
    if (dir.equals("/")) {
      return path.substring(1);
    }
    return dir.equals(".") ? path : path.substring(dir.length() + 1);
  }

  /** The last element of a clean path. */
  static String name(String path) {
    String clean = clean(path);
    int slash = clean.lastIndexOf('/');
    return slash < 0 ? clean : clean.substring(slash + 1);
  }

  /** {@code child} under {@code dir}, cleaned. */
  static String join(String dir, String child) {
    return clean(dir + "/" + child);
  }
}
