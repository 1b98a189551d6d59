package dev.slipway.modules;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * GOPRIVATE-style patterns: comma-separated {@code path.Match} globs, each matched against the
 * module path truncated to as many elements as the glob has (golang.org/x/mod/module
 * MatchPrefixPatterns). {@code *.corp.example.com} matches {@code git.corp.example.com/x/y}.
 */
public record PrefixPatterns(List<String> globs) {
  public PrefixPatterns {
    globs = List.copyOf(globs);
  }

  /** Parses a comma-separated list; empty entries are skipped, trailing slashes dropped. */
  public static PrefixPatterns parse(String list) {
    if (list == null) {
      return new PrefixPatterns(List.of());
    }
    return new PrefixPatterns(
        Stream.of(list.split(","))
            .map(String::trim)
            .map(g -> g.endsWith("/") ? g.substring(0, g.length() - 1) : g)
            .filter(g -> !g.isEmpty())
            .toList());
  }

  public boolean isEmpty() {
    return globs.isEmpty();
  }

  /** Whether any glob matches a path-element prefix of {@code modulePath}. */
  public boolean matches(String modulePath) {
    for (String glob : globs) {
      long slashes = glob.chars().filter(c -> c == '/').count();
      String[] elems = modulePath.split("/", -1);
      if (elems.length <= slashes) {
        continue; // not enough path elements
      }
      String prefix = String.join("/", java.util.Arrays.copyOf(elems, (int) slashes + 1));
      Pattern p = toRegex(glob);
      if (p != null && p.matcher(prefix).matches()) {
        return true;
      }
    }
    return false;
  }

  /** path.Match as a regex: {@code *} and {@code ?} never cross '/'; null for a malformed glob. */
  static Pattern toRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> re.append("[^/]*");
        case '?' -> re.append("[^/]");
        case '\\' -> {
          if (++i >= glob.length()) {
            return null;
          }
          re.append(Pattern.quote(String.valueOf(glob.charAt(i))));
        }
        case '[' -> {
          int end = i + 1;
          StringBuilder cls = new StringBuilder("[");
          if (end < glob.length() && glob.charAt(end) == '^') {
            cls.append('^');
            end++;
          }
          boolean closed = false;
          boolean first = true;
          while (end < glob.length()) {
            char k = glob.charAt(end);
            if (k == ']' && !first) {
              closed = true;
              break;
            }
            first = false;
            if (k == '\\') {
              if (++end >= glob.length()) {
                return null;
              }
              k = glob.charAt(end);
            }
            if (k == '-'
                && cls.length() > 1
                && end + 1 < glob.length()
                && glob.charAt(end + 1) != ']') {
              cls.append('-');
            } else {
              cls.append(
                  k == '^' || k == '[' || k == ']' || k == '&' || k == '\\' || k == '-'
                      ? "\\" + k
                      : String.valueOf(k));
            }
            end++;
          }
          if (!closed) {
            return null;
          }
          cls.append("&&[^/]]");
          re.append(cls);
          i = end;
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
