package dev.slipway.layer;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One entry of a layer. The path is stored without its leading slash ({@code "/app/x"} becomes
 * {@code "app/x"}) and is checked: no empty, "." or ".." components, no NUL or newline. Owners are
 * numeric only; a layer never records user or group names.
 *
 * @param path where the entry lives in the image, relative to its root
 * @param type directory, regular file or symlink
 * @param mode permission bits, 0 to 07777 (setuid, setgid and sticky included)
 * @param uid numeric owner
 * @param gid numeric group
 * @param content the bytes of a regular file; null for other types
 * @param linkTarget the target of a symlink; null for other types
 */
public record LayerEntry(
    String path, Type type, int mode, int uid, int gid, ContentSource content, String linkTarget) {

  /** The kinds of entry a Slipway layer contains. */
  public enum Type {
    DIRECTORY,
    FILE,
    SYMLINK
  }

  public LayerEntry {
    path = normalise(path);
    Objects.requireNonNull(type, "type");
    if (mode < 0 || mode > 07777) {
      throw new IllegalArgumentException(
          "mode of " + path + " must be within 0..07777, not 0" + Integer.toOctalString(mode));
    }
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("owner of " + path + " must be >= 0: " + uid + ":" + gid);
    }
    if ((type == Type.FILE) != (content != null)) {
      throw new IllegalArgumentException(path + ": only regular files have content");
    }
    if ((type == Type.SYMLINK) != (linkTarget != null)) {
      throw new IllegalArgumentException(path + ": only symlinks have a link target");
    }
    if (type == Type.SYMLINK) {
      checkLinkTarget(path, linkTarget);
    }
  }

  /** A directory owned by 0:0. */
  public static LayerEntry directory(String path, int mode) {
    return new LayerEntry(path, Type.DIRECTORY, mode, 0, 0, null, null);
  }

  /** A regular file held in memory, owned by 0:0. */
  public static LayerEntry file(String path, int mode, byte[] bytes) {
    return new LayerEntry(path, Type.FILE, mode, 0, 0, ContentSource.ofBytes(bytes), null);
  }

  /**
   * A regular file whose bytes are read from {@code source} when the tar is written. Only the
   * content is used: the source's mtime, owner and permissions never reach the layer.
   */
  public static LayerEntry file(String path, int mode, Path source) {
    return new LayerEntry(path, Type.FILE, mode, 0, 0, ContentSource.ofFile(source), null);
  }

  /**
   * A symlink (mode 0777, owner 0:0) whose target is relative and stays inside the image root, such
   * as {@code "../lib/x"}. Absolute targets must be asked for with {@link #absoluteSymlink}.
   */
  public static LayerEntry symlink(String path, String target) {
    if (target != null && target.startsWith("/")) {
      throw new IllegalArgumentException(
          path + ": symlink target " + target + " is absolute; use absoluteSymlink if intended");
    }
    return absoluteSymlink(path, target);
  }

  /**
   * A symlink that may point at an absolute path. Container runtimes resolve it inside the image
   * root, but a naive extractor would follow it out; so this is opt-in for our own layers.
   */
  public static LayerEntry absoluteSymlink(String path, String target) {
    return new LayerEntry(path, Type.SYMLINK, 0777, 0, 0, null, target);
  }

  /** The same entry with another numeric owner. */
  public LayerEntry withOwner(int uid, int gid) {
    return new LayerEntry(path, type, mode, uid, gid, content, linkTarget);
  }

  /** The name written to the tar: the path, with a trailing slash for directories. */
  String tarName() {
    return type == Type.DIRECTORY ? path + "/" : path;
  }

  private static String normalise(String path) {
    if (path == null) {
      throw new IllegalArgumentException("layer entry path is missing");
    }
    checkCharacters("path", path);
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.isEmpty()) {
      throw new IllegalArgumentException("layer entry path is empty: '" + path + "'");
    }
    for (String part : p.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException(
            "layer entry path must not have empty, '.' or '..' components: " + path);
      }
    }
    return p;
  }

  private static void checkLinkTarget(String path, String target) {
    if (target.isEmpty()) {
      throw new IllegalArgumentException(path + ": symlink target is empty");
    }
    checkCharacters("symlink target", target);
    if (target.startsWith("/")) {
      return;
    }
    // A relative target is resolved from the link's directory; it must never climb above the root.
    int depth = (int) path.chars().filter(c -> c == '/').count();
    for (String part : target.split("/")) {
      if (part.equals("..")) {
        depth--;
      } else if (!part.isEmpty() && !part.equals(".")) {
        depth++;
      }
      if (depth < 0) {
        throw new IllegalArgumentException(path + ": symlink target escapes the root: " + target);
      }
    }
  }

  private static void checkCharacters(String what, String value) {
    if (value.indexOf('\0') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException(
          "layer entry " + what + " contains NUL or a line break: " + value.replace("\0", "\\0"));
    }
  }
}
