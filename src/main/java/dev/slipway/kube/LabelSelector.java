package dev.slipway.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector as {@code kubectl -l} and ko's {@code resolve -l} read it
 * (k8s.io/apimachinery's {@code labels.Parse}): requirements separated by commas, all of which must
 * hold. A requirement is {@code key=value}, {@code key==value}, {@code key!=value}, {@code key in
 * (a,b)}, {@code key notin (a,b)}, {@code key} (the label is there), {@code !key} (it is not), or
 * {@code key>n} and {@code key<n} (its value is an integer above or below {@code n}). A key may
 * have a DNS subdomain prefix ({@code app.kubernetes.io/name}); keys and values are checked as
 * Kubernetes checks label names and values. White space between tokens does not count; an empty
 * selector matches everything.
 */
public record LabelSelector(List<Requirement> requirements) {
  private static final int NAME_MAX = 63;
  private static final int PREFIX_MAX = 253;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** How a requirement relates a label's value to its values. */
  public enum Operator {
    EQUALS("="),
    DOUBLE_EQUALS("=="),
    NOT_EQUALS("!="),
    IN("in"),
    NOT_IN("notin"),
    EXISTS(""),
    DOES_NOT_EXIST("!"),
    GREATER_THAN(">"),
    LESS_THAN("<");

    final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }
  }

  /**
   * One condition on one label.
   *
   * @param values distinct and sorted; one for the exact and integer comparisons, none for {@code
   *     EXISTS} and {@code DOES_NOT_EXIST}; the empty string is a value
   */
  public record Requirement(String key, Operator operator, List<String> values) {
    /** Checks the requirement as Kubernetes' {@code NewRequirement} does. */
    public Requirement {
      List<String> problems = new ArrayList<>(keyProblems(key));
      values = List.copyOf(new TreeSet<>(values));
      switch (operator) {
        case IN, NOT_IN -> {
          if (values.isEmpty()) {
            problems.add("'in' and 'notin' need at least one value");
          }
        }
        case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
          if (values.size() != 1) {
            problems.add("'" + operator.symbol + "' compares with exactly one value");
          }
        }
        case EXISTS, DOES_NOT_EXIST -> {
          if (!values.isEmpty()) {
            problems.add("a test for a label being there takes no values");
          }
        }
        case GREATER_THAN, LESS_THAN -> {
          if (values.size() != 1) {
            problems.add("'" + operator.symbol + "' compares with exactly one value");
          }
          for (String value : values) {
            if (integer(value) == null) {
              problems.add("'" + operator.symbol + "' needs an integer, not '" + value + "'");
            }
          }
        }
      }
      for (String value : values) {
        problems.addAll(valueProblems(key, value));
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
    }

    /** Whether {@code labels} (name to value) meet this requirement. */
    public boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      return switch (operator) {
        case EQUALS, DOUBLE_EQUALS, IN -> value != null && values.contains(value);
        case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
        case EXISTS -> value != null;
        case DOES_NOT_EXIST -> value == null;
        case GREATER_THAN, LESS_THAN -> {
          Long have = value == null ? null : integer(value);
          long bound = integer(values.get(0));
          yield have != null && (operator == Operator.GREATER_THAN ? have > bound : have < bound);
        }
      };
    }
  }

  public LabelSelector {
    requirements = List.copyOf(requirements);
  }

  /**
   * The selector {@code text} writes.
   *
   * @throws IllegalArgumentException saying where and why {@code text} is not a selector
   */
  public static LabelSelector parse(String text) {
    return new LabelSelector(new LabelSelectorParser(text).requirements());
  }

  /** Whether {@code labels} (name to value) meet every requirement. */
  public boolean matches(Map<String, String> labels) {
    return requirements.stream().allMatch(r -> r.matches(labels));
  }

  /** Go's {@code strconv.ParseInt(s, 10, 64)}, or null. */
  private static Long integer(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Kubernetes' rules for a qualified name ({@code IsQualifiedName}): [prefix/]name. */
  static List<String> keyProblems(String key) {
    String[] parts = key.split("/", -1);
    if (parts.length > 2) {
      return List.of(
          "label key '" + key + "' has more than one '/': it is [DNS subdomain prefix/]name");
    }
    List<String> problems = new ArrayList<>();
    if (parts.length == 2) {
      partProblem("prefix", parts[0], PREFIX_MAX, SUBDOMAIN, "a lowercase DNS subdomain: a-z, 0-9,")
          .ifPresent(problems::add);
    }
    partProblem("name", parts[parts.length - 1], NAME_MAX, NAME, "letters, digits, '_',")
        .ifPresent(problems::add);
    return problems.stream().map(p -> "label key '" + key + "': " + p).toList();
  }

  /**
   * What is wrong with one part of a label key, if anything.
   *
   * @param chars the characters the part may have besides {@code -} and {@code .}
   */
  private static Optional<String> partProblem(
      String part, String text, int max, Pattern pattern, String chars) {
    if (text.isEmpty()) {
      return Optional.of("the " + part + " is empty");
    }
    if (text.length() > max) {
      return Optional.of("the " + part + " is longer than " + max + " characters");
    }
    if (!pattern.matcher(text).matches()) {
      return Optional.of(
          "the "
              + part
              + " must be "
              + chars
              + " '-' and '.', starting and ending with a letter or digit");
    }
    return Optional.empty();
  }

  /** Kubernetes' rules for a label value ({@code IsValidLabelValue}): a name, or empty. */
  private static List<String> valueProblems(String key, String value) {
    if (value.isEmpty()) {
      return List.of();
    }
    return partProblem("value", value, NAME_MAX, NAME, "letters, digits, '_',").stream()
        .map(p -> "label value '" + value + "' of " + key + ": " + p)
        .toList();
  }
}
