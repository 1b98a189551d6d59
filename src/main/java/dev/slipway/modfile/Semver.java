package dev.slipway.modfile;

import java.util.Optional;

/**
 * The parts of golang.org/x/mod's semver and module packages that go.mod parsing needs: canonical
 * versions and the major-version suffix of a module path.
 */
final class Semver {
  private Semver() {}

  private record Parsed(String major, String build, String shortSuffix) {}

  /**
   * module.CanonicalVersion: "v1.2" becomes "v1.2.0", build metadata other than +incompatible goes.
   */
  static Optional<String> canonical(String v) {
    Parsed p = parse(v);
    if (p == null) {
      return Optional.empty();
    }
    String cv;
    if (!p.build.isEmpty()) {
      cv = v.substring(0, v.length() - p.build.length());
    } else {
      cv = v + p.shortSuffix;
    }
    return Optional.of(p.build.equals("+incompatible") ? cv + "+incompatible" : cv);
  }

  /** semver.Major: "v2" for "v2.1.0", "" for an invalid version. */
  static String major(String v) {
    Parsed p = parse(v);
    return p == null ? "" : v.substring(0, 1 + p.major.length());
  }

  static String build(String v) {
    Parsed p = parse(v);
    return p == null ? "" : p.build;
  }

  /**
   * module.SplitPathVersion's major suffix: "/v2" for example.com/m/v2, ".v3" for a gopkg-style
   * path ending in yaml.v3, "" for none; empty if the path's suffix is malformed (like /v1 or /v0).
   */
  static Optional<String> pathMajor(String path) {
    if (path.startsWith("gopkg.in/")) {
      int i = path.length();
      if (path.endsWith("-unstable")) {
        i -= "-unstable".length();
      }
      while (i > 0 && isDigit(path.charAt(i - 1))) {
        i--;
      }
      if (i <= 1 || path.charAt(i - 1) != 'v' || path.charAt(i - 2) != '.') {
        return Optional.empty();
      }
      String major = path.substring(i - 2);
      if (major.length() <= 2 || (major.charAt(2) == '0' && !major.equals(".v0"))) {
        return Optional.empty();
      }
      return Optional.of(major);
    }
    int i = path.length();
    boolean dot = false;
    while (i > 0 && (isDigit(path.charAt(i - 1)) || path.charAt(i - 1) == '.')) {
      dot |= path.charAt(i - 1) == '.';
      i--;
    }
    if (i <= 1 || i == path.length() || path.charAt(i - 1) != 'v' || path.charAt(i - 2) != '/') {
      return Optional.of("");
    }
    String major = path.substring(i - 2);
    if (dot || major.length() <= 2 || major.charAt(2) == '0' || major.equals("/v1")) {
      return Optional.empty();
    }
    return Optional.of(major);
  }

  /** module.CheckPathMajor: the reason v does not fit the path's major suffix, if it does not. */
  static Optional<String> checkPathMajor(String v, String pathMajor) {
    if (pathMajor.startsWith(".v") && pathMajor.endsWith("-unstable")) {
      pathMajor = pathMajor.substring(0, pathMajor.length() - "-unstable".length());
    }
    if (v.startsWith("v0.0.0-") && pathMajor.equals(".v1")) {
      return Optional.empty(); // an old pseudo-version bug go tolerates
    }
    String m = major(v);
    String want;
    if (pathMajor.isEmpty()) {
      if (m.equals("v0") || m.equals("v1") || build(v).equals("+incompatible")) {
        return Optional.empty();
      }
      want = "v0 or v1";
    } else {
      if (m.equals(pathMajor.substring(1))) {
        return Optional.empty();
      }
      want = pathMajor.substring(1);
    }
    return Optional.of("should be " + want + ", not " + m);
  }

  private static Parsed parse(String v) {
    if (v.isEmpty() || v.charAt(0) != 'v') {
      return null;
    }
    int[] at = {1};
    String major = number(v, at);
    if (major == null) {
      return null;
    }
    if (at[0] == v.length()) {
      return new Parsed(major, "", ".0.0");
    }
    if (v.charAt(at[0]) != '.') {
      return null;
    }
    at[0]++;
    if (number(v, at) == null) {
      return null;
    }
    if (at[0] == v.length()) {
      return new Parsed(major, "", ".0");
    }
    if (v.charAt(at[0]) != '.') {
      return null;
    }
    at[0]++;
    if (number(v, at) == null) {
      return null;
    }
    String rest = v.substring(at[0]);
    if (rest.startsWith("-")) {
      int plus = rest.indexOf('+');
      String pre = plus < 0 ? rest : rest.substring(0, plus);
      if (!identifiers(pre.substring(1), true)) {
        return null;
      }
      rest = rest.substring(pre.length());
    }
    if (rest.startsWith("+")) {
      if (!identifiers(rest.substring(1), false)) {
        return null;
      }
      return new Parsed(major, rest, "");
    }
    return rest.isEmpty() ? new Parsed(major, "", "") : null;
  }

  private static String number(String v, int[] at) {
    int start = at[0];
    int i = start;
    while (i < v.length() && isDigit(v.charAt(i))) {
      i++;
    }
    if (i == start || (v.charAt(start) == '0' && i != start + 1)) {
      return null;
    }
    at[0] = i;
    return v.substring(start, i);
  }

  /** Dot-separated, non-empty [0-9A-Za-z-] identifiers; prerelease numbers have no leading zero. */
  private static boolean identifiers(String s, boolean noLeadingZeros) {
    for (String id : s.split("\\.", -1)) {
      if (id.isEmpty() || !id.chars().allMatch(c -> isDigit((char) c) || isLetter(c) || c == '-')) {
        return false;
      }
      if (noLeadingZeros
          && id.length() > 1
          && id.charAt(0) == '0'
          && id.chars().allMatch(c -> isDigit((char) c))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetter(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
