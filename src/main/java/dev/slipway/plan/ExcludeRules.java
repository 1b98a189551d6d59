package dev.slipway.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code exclude} patterns of a {@code files} entry, with {@code .dockerignore}'s meaning, so
 * that what {@code slipway init} translates from a Dockerfile leaves out what Docker left out:
 * paths relative to the configuration's directory, {@code *} and {@code ?} within one path element,
 * {@code **} across any number of them, a pattern that names a directory taking all below it, and
 * {@code !pattern} putting back what an earlier pattern took; the last pattern that matches
 * decides.
 */
public final class ExcludeRules {
  private record Rule(Pattern pattern, boolean exception) {}

  private final List<Rule> rules;

  private ExcludeRules(List<Rule> rules) {
    this.rules = rules;
  }

  public static ExcludeRules of(List<String> patterns) {
    List<Rule> rules = new ArrayList<>();
    for (String raw : patterns) {
      String p = raw.strip();
      boolean exception = p.startsWith("!");
      if (exception) {
        p = p.substring(1).strip();
      }
      p = clean(p);
      if (!p.isEmpty()) {
        rules.add(new Rule(Pattern.compile(regex(p)), exception));
      }
    }
    return new ExcludeRules(List.copyOf(rules));
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** True if {@code path} (relative, {@code /}-separated) is left out. */
  public boolean excludes(String path) {
    boolean excluded = false;
    for (Rule rule : rules) {
      if (matchesOrParentMatches(rule.pattern(), path)) {
        excluded = !rule.exception();
      }
    }
    return excluded;
  }

  private static boolean matchesOrParentMatches(Pattern pattern, String path) {
    if (pattern.matcher(path).matches()) {
      return true;
    }
    for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      if (pattern.matcher(path.substring(0, slash)).matches()) {
        return true;
      }
    }
    return false;
  }

  /** As Docker cleans a pattern: {@code filepath.Clean}, and no leading {@code /}. */
  private static String clean(String p) {
    List<String> out = new ArrayList<>();
    for (String element : p.split("/", -1)) {
      if (element.isEmpty() || element.equals(".")) {
        continue;
      }
      if (element.equals("..") && !out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
        out.remove(out.size() - 1);
      } else {
        out.add(element);
      }
    }
    return String.join("/", out);
  }

  private static String regex(String p) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      switch (c) {
        case '*' -> {
          if (i + 1 < p.length() && p.charAt(i + 1) == '*') {
            i++;
            if (i + 1 < p.length() && p.charAt(i + 1) == '/') {
              i++;
              out.append("(.*/)?"); // **/ : any number of directories, none included
            } else {
              out.append(".*");
            }
          } else {
            out.append("[^/]*");
          }
        }
        case '?' -> out.append("[^/]");
        case '[' -> {
          int end = p.indexOf(']', i + 1);
          if (end < 0) {
            out.append("\\[");
          } else {
            // Ranges and ^ mean the same in Go and Java; [ and & do not, so they are escaped.
            String set = p.substring(i + 1, end).replace("[", "\\[").replace("&", "\\&");
            out.append('[').append(set).append(']');
            i = end;
          }
        }
        case '\\' -> {
          if (i + 1 < p.length()) {
            out.append(Pattern.quote(String.valueOf(p.charAt(++i))));
          }
        }
        default -> out.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return out.toString();
  }
}
