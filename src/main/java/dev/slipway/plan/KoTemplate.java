package dev.slipway.plan;

import dev.slipway.core.UsageException;
import dev.slipway.plan.KoTemplateLexer.Action;
import dev.slipway.plan.KoTemplateLexer.Kind;
import dev.slipway.plan.KoTemplateLexer.Piece;
import dev.slipway.plan.KoTemplateLexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One entry of a {@code .ko.yaml} {@code flags} or {@code ldflags} list, which ko runs through Go's
 * text/template with {@code missingkey=error} (pkg/build/gobuild.go, applyTemplating). This is the
 * part of that language real ko configurations use, with Go's meaning: text; trim markers (<code>
 * {{- </code> and <code> -}}</code>); comments (<code>{{/* ... *&#47;}}</code>); field chains such
 * as <code>{{.Env.VERSION}}</code> or <code>{{.Git.ShortCommit}}</code>; <code>{{index .Env
 * "NAME"}}</code> for names that are not identifiers; string literals (<code>{{"{{"}}</code>).
 * Anything else (pipes, other functions, {@code if}, {@code range}, variables, parentheses,
 * numbers, printing a whole map) is refused when parsed or rendered, by name, rather than guessed
 * at.
 *
 * <p>The data is ko's: {@code Env}, {@code GoEnv}, {@code Git} ({@link KoGitInfo#templateValue}),
 * {@code Date} and {@code Timestamp}. Values are Strings, Longs or Integers, Booleans, or maps of
 * them. A map whose values are all Strings stands for Go's {@code map[string]string}, as ko's
 * {@code Env} and {@code GoEnv} are: {@code index} of a key it lacks gives "" there, and in any
 * other map no value, printed {@code <no value>}, as Go prints it.
 */
public final class KoTemplate {
  private sealed interface Node permits Text, Lookup {}

  private record Text(String text) implements Node {}

  /** <code>{{.A.B}}</code> when {@code keys} is empty, else <code>{{index .A.B "k" ...}}</code>. */
  private record Lookup(String action, List<String> fields, List<String> keys) implements Node {}

  private final String where;
  private final boolean plain;
  private final List<Node> nodes;
  private final Set<String> roots;

  private KoTemplate(String where, boolean plain, List<Node> nodes) {
    this.where = where;
    this.plain = plain;
    this.nodes = List.copyOf(nodes);
    Set<String> names = new LinkedHashSet<>();
    for (Node node : nodes) {
      if (node instanceof Lookup lookup) {
        names.add(lookup.fields().get(0));
      }
    }
    this.roots = Set.copyOf(names);
  }

  /**
   * Parses {@code text}; {@code where} (such as {@code .ko.yaml:12:7}) starts every error message,
   * of parsing and of rendering.
   */
  public static KoTemplate parse(String where, String text) throws UsageException {
    if (!text.contains("{{")) {
      return new KoTemplate(where, true, List.of(new Text(text)));
    }
    List<Node> nodes = new ArrayList<>();
    for (Piece piece : KoTemplateLexer.lex(where, text)) {
      nodes.add(
          piece instanceof Action action
              ? node(where, action)
              : new Text(((KoTemplateLexer.Text) piece).text()));
    }
    return new KoTemplate(where, false, nodes);
  }

  /** Whether the text has no action at all, and so renders as itself whatever the data. */
  public boolean isPlain() {
    return plain;
  }

  /** The top-level names the template reads ({@code Env}, {@code Git}, ...): data to compute. */
  public Set<String> roots() {
    return roots;
  }

  /** The text, with every action replaced by what Go would print for it from {@code data}. */
  public String render(Map<String, ?> data) throws UsageException {
    StringBuilder out = new StringBuilder();
    for (Node node : nodes) {
      if (node instanceof Lookup lookup) {
        out.append(print(lookup, evaluate(lookup, data)));
      } else {
        out.append(((Text) node).text());
      }
    }
    return out.toString();
  }

  private static Node node(String where, Action action) throws UsageException {
    List<Token> tokens = withoutOuterSpaces(action.tokens());
    if (tokens.isEmpty()) {
      throw fail(where, action.source(), "the action is empty");
    }
    Token first = tokens.get(0);
    switch (first.kind()) {
      case STRING -> {
        if (tokens.size() == 1) {
          return new Text(first.value());
        }
      }
      case DOT ->
          throw fail(
              where,
              action.source(),
              "printing all of the data ({{.}}) is not supported; name a field, like {{.Env.NAME}}");
      case FIELD -> {
        List<String> fields = fields(tokens, 0);
        if (fields.size() == tokens.size()) {
          return new Lookup(action.source(), fields, List.of());
        }
      }
      case INDEX -> {
        return index(where, action.source(), tokens);
      }
      case SPACE -> throw new AssertionError("spaces were removed");
    }
    throw fail(where, action.source(), "an action holds one value, like {{.Env.NAME}}");
  }

  /** {@code index}, a space, a field chain, then one or more spaces and strings, to the end. */
  private static Lookup index(String where, String action, List<Token> tokens)
      throws UsageException {
    List<String> fields =
        tokens.size() > 2 && tokens.get(1).kind() == Kind.SPACE ? fields(tokens, 2) : List.of();
    if (fields.isEmpty()) {
      throw fail(where, action, "index takes a field and keys, like {{index .Env \"NAME\"}}");
    }
    List<String> keys = new ArrayList<>();
    for (int i = 2 + fields.size(); i < tokens.size(); i += 2) {
      if (tokens.get(i).kind() != Kind.SPACE
          || i + 1 == tokens.size()
          || tokens.get(i + 1).kind() != Kind.STRING) {
        throw fail(where, action, "index takes quoted keys, like {{index .Env \"NAME\"}}");
      }
      keys.add(tokens.get(i + 1).value());
    }
    if (keys.isEmpty()) {
      throw fail(
          where, action, "index without a key prints a whole map, which is not supported here");
    }
    return new Lookup(action, fields, List.copyOf(keys));
  }

  /** The names of the chain of fields starting at {@code from} (adjacent FIELD tokens). */
  private static List<String> fields(List<Token> tokens, int from) {
    List<String> fields = new ArrayList<>();
    for (int i = from; i < tokens.size() && tokens.get(i).kind() == Kind.FIELD; i++) {
      fields.add(tokens.get(i).value());
    }
    return List.copyOf(fields);
  }

  private static List<Token> withoutOuterSpaces(List<Token> tokens) {
    int from = 0;
    int to = tokens.size();
    while (from < to && tokens.get(from).kind() == Kind.SPACE) {
      from++;
    }
    while (to > from && tokens.get(to - 1).kind() == Kind.SPACE) {
      to--;
    }
    return tokens.subList(from, to);
  }

  /** Go's evalFieldChain on maps with missingkey=error, then its index function. */
  private Object evaluate(Lookup lookup, Map<String, ?> data) throws UsageException {
    Object value = data;
    StringBuilder path = new StringBuilder();
    for (String field : lookup.fields()) {
      if (!(value instanceof Map<?, ?> map)) {
        throw fail(where, lookup.action(), path + " is " + typeOf(value) + ": it has no fields");
      }
      if (!map.containsKey(field)) {
        throw fail(where, lookup.action(), missing(path.toString(), map, field));
      }
      value = map.get(field);
      path.append('.').append(field);
    }
    for (String key : lookup.keys()) {
      if (!(value instanceof Map<?, ?> map)) {
        throw fail(
            where, lookup.action(), "cannot index " + typeOf(value) + " with \"" + key + '"');
      }
      value = map.containsKey(key) ? map.get(key) : zero(map);
    }
    return value;
  }

  /** The zero value of the map's element type: "" for a string map, else Go's nil interface. */
  private static Object zero(Map<?, ?> map) {
    return map.values().stream().allMatch(String.class::isInstance) ? "" : null;
  }

  private String print(Lookup lookup, Object value) throws UsageException {
    if (value == null) {
      return "<no value>";
    }
    if (value instanceof String
        || value instanceof Long
        || value instanceof Integer
        || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof Map) {
      throw fail(
          where, lookup.action(), "printing a whole map is not supported; name one of its keys");
    }
    throw new IllegalArgumentException("ko template data holds a " + value.getClass().getName());
  }

  private static String missing(String path, Map<?, ?> map, String field) {
    if (path.equals(".Env")) {
      return field + " is not set in the build's environment";
    }
    String keys =
        map.size() <= 12 ? "; it has " + String.join(", ", new TreeSet<>(names(map))) : "";
    return (path.isEmpty() ? "the data" : path) + " has no key \"" + field + '"' + keys;
  }

  private static List<String> names(Map<?, ?> map) {
    return map.keySet().stream().map(String::valueOf).toList();
  }

  private static String typeOf(Object value) {
    if (value == null) {
      return "no value";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    return value instanceof Map ? "a map" : "a number";
  }

  private static UsageException fail(String where, String action, String problem) {
    return new UsageException(where + ": " + action + ": " + problem);
  }
}
