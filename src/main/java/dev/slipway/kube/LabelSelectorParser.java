package dev.slipway.kube;

import dev.slipway.kube.LabelSelector.Operator;
import dev.slipway.kube.LabelSelector.Requirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a label selector as {@code labels.Parse} does, accepting and refusing the same strings. Its
 * lexer splits at white space and at the symbols {@code = == != ! ( ) , < >}; everything else is an
 * identifier, where {@code in} and {@code notin} are operators only right after a key. Parsing is
 * one token of lookahead.
 */
final class LabelSelectorParser {
  private enum Kind {
    IDENTIFIER,
    IN,
    NOT_IN,
    EQUALS,
    DOUBLE_EQUALS,
    NOT_EQUALS,
    NOT,
    GREATER_THAN,
    LESS_THAN,
    OPEN,
    CLOSE,
    COMMA,
    END
  }

  private record Token(Kind kind, String text, int column) {
    /** As a value, {@code in} and {@code notin} are plain identifiers. */
    Kind asValue() {
      return kind == Kind.IN || kind == Kind.NOT_IN ? Kind.IDENTIFIER : kind;
    }

    String shown() {
      return kind == Kind.END ? "the end" : "'" + text + "' at column " + column;
    }
  }

  private final List<Token> tokens;
  private int next;

  LabelSelectorParser(String text) {
    this.tokens = lex(text);
  }

  List<Requirement> requirements() {
    List<Requirement> requirements = new ArrayList<>();
    while (peek().asValue() != Kind.END) {
      if (peek().asValue() != Kind.IDENTIFIER && peek().kind() != Kind.NOT) {
        throw problem("expected a label key or '!'", peek());
      }
      requirements.add(requirement());
      Token after = take();
      if (after.kind() == Kind.END) {
        break;
      }
      if (after.kind() != Kind.COMMA) {
        throw problem("expected ',' or the end after a requirement", after);
      }
      if (peek().asValue() != Kind.IDENTIFIER && peek().kind() != Kind.NOT) {
        throw problem("expected a requirement after ','", peek());
      }
    }
    return requirements;
  }

  private Requirement requirement() {
    Token key = take();
    boolean negated = key.kind() == Kind.NOT;
    if (negated) {
      key = take();
    }
    if (key.asValue() != Kind.IDENTIFIER) {
      throw problem("expected a label key", key);
    }
    List<String> keyProblems = LabelSelector.keyProblems(key.text());
    if (!keyProblems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", keyProblems));
    }
    Kind following = peek().kind();
    // After !key, anything but ',' or the end is refused by the caller, as in labels.Parse.
    if (negated || following == Kind.END || following == Kind.COMMA) {
      return requirement(key, negated ? Operator.DOES_NOT_EXIST : Operator.EXISTS, List.of());
    }
    Token operatorToken = take();
    Operator operator =
        switch (operatorToken.kind()) {
          case IN -> Operator.IN;
          case NOT_IN -> Operator.NOT_IN;
          case EQUALS -> Operator.EQUALS;
          case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
          case NOT_EQUALS -> Operator.NOT_EQUALS;
          case GREATER_THAN -> Operator.GREATER_THAN;
          case LESS_THAN -> Operator.LESS_THAN;
          default ->
              throw problem(
                  "expected one of in, notin, =, ==, !=, >, < after key '" + key.text() + "'",
                  operatorToken);
        };
    List<String> values =
        operator == Operator.IN || operator == Operator.NOT_IN ? valueSet() : exactValue();
    return requirement(key, operator, values);
  }

  private static Requirement requirement(Token key, Operator operator, List<String> values) {
    return new Requirement(key.text(), operator, values);
  }

  /**
   * {@code (a,b)}. An empty place is the empty value ({@code ()}, {@code (a,)}, {@code (,a)},
   * {@code (a,,b)}), but {@code ,,} just before {@code )} is refused, as labels.Parse refuses it:
   * there the second comma is taken as part of the first, and {@code )} is not a value.
   */
  private List<String> valueSet() {
    Token open = take();
    if (open.kind() != Kind.OPEN) {
      throw problem("expected '(' after in or notin", open);
    }
    Set<String> values = new TreeSet<>();
    Kind first = peek().asValue();
    if (first == Kind.CLOSE) {
      take();
      return List.of("");
    }
    if (first != Kind.IDENTIFIER && first != Kind.COMMA) {
      throw problem("expected a value, ',' or ')'", peek());
    }
    while (true) {
      Token token = take();
      if (token.asValue() == Kind.IDENTIFIER) {
        values.add(token.text());
        Kind following = peek().kind();
        if (following == Kind.CLOSE) {
          break;
        }
        if (following != Kind.COMMA) {
          throw problem("expected ',' or ')'", peek());
        }
      } else if (token.kind() == Kind.COMMA) {
        if (values.isEmpty()) {
          values.add("");
        }
        Kind following = peek().kind();
        if (following == Kind.CLOSE) {
          values.add("");
          break;
        }
        if (following == Kind.COMMA) {
          take();
          values.add("");
        }
      } else {
        throw problem("expected a value or ','", token);
      }
    }
    take();
    return List.copyOf(values);
  }

  /** The one value after {@code =}, {@code ==}, {@code !=}, {@code >} or {@code <}; none is "". */
  private List<String> exactValue() {
    Kind following = peek().kind();
    if (following == Kind.END || following == Kind.COMMA) {
      return List.of("");
    }
    Token value = take();
    if (value.asValue() != Kind.IDENTIFIER) {
      throw problem("expected a value", value);
    }
    return List.of(value.text());
  }

  private Token peek() {
    return tokens.get(next);
  }

  private Token take() {
    Token token = tokens.get(next);
    if (token.kind() != Kind.END) {
      next++;
    }
    return token;
  }

  private static IllegalArgumentException problem(String expected, Token found) {
    return new IllegalArgumentException(expected + ", found " + found.shown());
  }

  private static List<Token> lex(String text) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (true) {
      while (i < text.length() && " \t\r\n".indexOf(text.charAt(i)) >= 0) {
        i++;
      }
      if (i == text.length()) {
        tokens.add(new Token(Kind.END, "", i + 1));
        return tokens;
      }
      int start = i;
      char c = text.charAt(i);
      boolean doubled = i + 1 < text.length() && text.charAt(i + 1) == '=';
      Kind kind =
          switch (c) {
            case '=' -> doubled ? Kind.DOUBLE_EQUALS : Kind.EQUALS;
            case '!' -> doubled ? Kind.NOT_EQUALS : Kind.NOT;
            case '(' -> Kind.OPEN;
            case ')' -> Kind.CLOSE;
            case ',' -> Kind.COMMA;
            case '>' -> Kind.GREATER_THAN;
            case '<' -> Kind.LESS_THAN;
            default -> Kind.IDENTIFIER;
          };
      if (kind == Kind.IDENTIFIER) {
        while (i < text.length() && "=!(),<> \t\r\n".indexOf(text.charAt(i)) < 0) {
          i++;
        }
        String word = text.substring(start, i);
        kind = word.equals("in") ? Kind.IN : word.equals("notin") ? Kind.NOT_IN : kind;
      } else {
        i += kind == Kind.DOUBLE_EQUALS || kind == Kind.NOT_EQUALS ? 2 : 1;
      }
      tokens.add(new Token(kind, text.substring(start, i), start + 1));
    }
  }
}
