package dev.slipway.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads Prometheus text exposition the way a scraper would, strictly enough to catch mistakes:
 * every sample's family has {@code # HELP} and {@code # TYPE} first, label values are unescaped.
 */
public final class PromText {
  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private PromText() {}

  public static List<Sample> parse(String text) {
    List<Sample> out = new ArrayList<>();
    Map<String, String> types = new TreeMap<>();
    Map<String, String> helps = new TreeMap<>();
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("# HELP ")) {
        String[] parts = line.split(" ", 4);
        if (helps.put(parts[2], parts.length > 3 ? parts[3] : "") != null) {
          throw new IllegalArgumentException("second HELP for " + parts[2]);
        }
        continue;
      }
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ");
        if (types.put(parts[2], parts[3]) != null) {
          throw new IllegalArgumentException("second TYPE for " + parts[2]);
        }
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      out.add(sample(line));
    }
    for (Sample s : out) {
      String family = s.name();
      if (!types.containsKey(family)) {
        family = family.replaceFirst("_(sum|count|bucket)$", ""); // of a summary or histogram
      }
      if (!types.containsKey(family) || !helps.containsKey(family)) {
        throw new IllegalArgumentException("no HELP or TYPE for " + s.name());
      }
    }
    return out;
  }

  /** The one sample named {@code name} whose labels include {@code labels}. */
  public static double value(String text, String name, Map<String, String> labels) {
    List<Sample> found =
        parse(text).stream()
            .filter(s -> s.name().equals(name))
            .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
            .toList();
    if (found.size() != 1) {
      throw new AssertionError(
          found.size() + " samples of " + name + " with " + labels + " in:\n" + text);
    }
    return found.get(0).value();
  }

  /** The {@code # TYPE} of a family, or null. */
  public static String type(String text, String name) {
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE " + name + " ")) {
        return line.substring(("# TYPE " + name + " ").length());
      }
    }
    return null;
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    Map<String, String> labels = new TreeMap<>();
    String name;
    int rest;
    if (brace >= 0 && (space < 0 || brace < space)) {
      name = line.substring(0, brace);
      int i = brace + 1;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf("=\"", i);
        String label = line.substring(i, eq);
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\') {
            char next = line.charAt(++j);
            value.append(next == 'n' ? '\n' : next);
          } else {
            value.append(c);
          }
        }
        labels.put(label, value.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      rest = i + 1;
    } else {
      name = line.substring(0, space);
      rest = space;
    }
    String[] tail = line.substring(rest).trim().split(" ");
    return new Sample(name, labels, Double.parseDouble(tail[0]));
  }
}
