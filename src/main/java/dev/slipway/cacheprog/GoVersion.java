package dev.slipway.cacheprog;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads go version strings such as {@code go1.24.2}, {@code go1.26rc1} or {@code devel go1.25-abc}.
 */
public final class GoVersion {
  private static final Pattern VERSION = Pattern.compile("go(\\d+)\\.(\\d+)");

  private GoVersion() {}

  /**
   * Whether a toolchain of this version reads GOCACHEPROG (stable since Go 1.24). Unknown versions
   * answer false, so the caller falls back to the plain GOCACHE.
   */
  public static boolean supportsCacheProg(String goversion) {
    if (goversion == null) {
      return false;
    }
    Matcher m = VERSION.matcher(goversion);
    if (!m.find()) {
      return false;
    }
    try {
      int major = Integer.parseInt(m.group(1));
      int minor = Integer.parseInt(m.group(2));
      return major > 1 || (major == 1 && minor >= 24);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
