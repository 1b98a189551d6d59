package dev.slipway.core;

import java.util.regex.Pattern;

/**
 * A Go module at a version, {@code golang.org/x/text@v0.14.0}. The path and version are kept as
 * written in go.mod and go.sum; {@link #escapedPath()} and {@link #escapedVersion()} give the
 * case-encoded forms the module proxy protocol and the module cache use.
 */
public record ModuleVersion(String path, String version) implements Comparable<ModuleVersion> {
  private static final Pattern PATH = Pattern.compile("[A-Za-z0-9.\\-_~+/]+");
  private static final Pattern VERSION = Pattern.compile("v[0-9A-Za-z.\\-+]+");

  public ModuleVersion {
    checkPath(path);
    if (version == null || !VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException("invalid version '" + version + "' for module " + path);
    }
  }

  /**
   * Checks a module path's characters and shape, as a {@link ModuleVersion} needs it.
   *
   * @throws IllegalArgumentException naming the path, when it is invalid
   */
  public static void checkPath(String path) {
    if (path == null
        || path.isEmpty()
        || !PATH.matcher(path).matches()
        || path.startsWith("/")
        || path.endsWith("/")
        || path.contains("//")
        || path.contains("..")) {
      throw new IllegalArgumentException("invalid module path '" + path + "'");
    }
  }

  /** Parses {@code path@version}. */
  public static ModuleVersion parse(String text) {
    int at = text.lastIndexOf('@');
    if (at <= 0) {
      throw new IllegalArgumentException("expected module@version, got '" + text + "'");
    }
    return new ModuleVersion(text.substring(0, at), text.substring(at + 1));
  }

  public String escapedPath() {
    return escape(path);
  }

  public String escapedVersion() {
    return escape(version);
  }

  /** The proxy protocol's case encoding: each uppercase letter becomes '!' and its lowercase. */
  public static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 4);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        out.append('!').append((char) (c + ('a' - 'A')));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Undoes {@link #escape}; an uppercase letter or a '!' not before a lowercase one is invalid. */
  public static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '!') {
        if (i + 1 >= s.length() || s.charAt(i + 1) < 'a' || s.charAt(i + 1) > 'z') {
          throw new IllegalArgumentException("invalid escaped module text '" + s + "'");
        }
        out.append((char) (s.charAt(++i) - ('a' - 'A')));
      } else if (c >= 'A' && c <= 'Z') {
        throw new IllegalArgumentException("invalid escaped module text '" + s + "'");
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public int compareTo(ModuleVersion o) {
    int c = path.compareTo(o.path);
    return c != 0 ? c : version.compareTo(o.version);
  }

  @Override
  public String toString() {
    return path + "@" + version;
  }
}
