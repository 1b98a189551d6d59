package dev.slipway.dockerfile;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The builder's own word processing, as BuildKit's {@code shell/lex.go} does it for the
 * instructions that support environment replacement: quotes removed, the escape character applied,
 * {@code $VAR} and {@code ${VAR...}} replaced, and (for {@link #words}) the result split on
 * whitespace outside quotes. This is not a shell: {@code RUN}'s commands are read by {@link
 * ShellScript}.
 *
 * <p>Options mirror BuildKit's, for the one place that needs them (finding heredoc words on an
 * instruction line): raw quotes and escapes are kept in the output, and unset variables are left as
 * written.
 */
final class WordLexer {
  private static final int EOF = -1;

  private final char escape;
  private final boolean rawQuotes;
  private final boolean rawEscapesDefault;
  private final boolean skipUnset;

  private String text;
  private int pos;
  private Map<String, String> env;
  private Set<String> unset;
  private boolean rawEscapes;

  private WordLexer(char escape, boolean rawQuotes, boolean rawEscapes, boolean skipUnset) {
    this.escape = escape;
    this.rawQuotes = rawQuotes;
    this.rawEscapesDefault = rawEscapes;
    this.skipUnset = skipUnset;
  }

  /** The lexer for a Dockerfile whose escape character is {@code escape}. */
  static WordLexer of(char escape) {
    return new WordLexer(escape, false, false, false);
  }

  /** Keeps quotes and escapes as written and leaves unset variables alone. */
  static WordLexer raw(boolean rawEscapes) {
    return new WordLexer('\\', true, rawEscapes, true);
  }

  /** Keeps quotes as written; removes escapes; unset variables stay. For heredoc delimiters. */
  static WordLexer rawQuotesOnly(boolean rawQuotes) {
    return new WordLexer('\\', rawQuotes, false, true);
  }

  /**
   * One word: {@code text} with quotes removed and variables replaced from {@code env}, spaces
   * kept. Names referenced but not in {@code env} are added to {@code unset} when it is not null.
   */
  String word(String text, Map<String, String> env, Set<String> unset) throws WordSyntaxException {
    return process(text, env, unset).result;
  }

  /** The words of {@code text} after replacement, split on whitespace outside quotes. */
  List<String> words(String text, Map<String, String> env, Set<String> unset)
      throws WordSyntaxException {
    return process(text, env, unset).words;
  }

  private Result process(String source, Map<String, String> env, Set<String> unset)
      throws WordSyntaxException {
    this.text = source;
    this.pos = 0;
    this.env = env;
    this.unset = unset;
    this.rawEscapes = rawEscapesDefault;
    try {
      return stopOn(EOF, rawEscapesDefault);
    } catch (WordSyntaxException e) {
      throw new WordSyntaxException("failed to process \"" + source + "\": " + e.getMessage());
    }
  }

  private record Result(String result, List<String> words) {}

  private int peek() {
    return pos < text.length() ? text.charAt(pos) : EOF;
  }

  private int next() {
    return pos < text.length() ? text.charAt(pos++) : EOF;
  }

  private Result stopOn(int stop, boolean raw) throws WordSyntaxException {
    boolean saved = rawEscapes;
    rawEscapes = raw;
    try {
      StringBuilder result = new StringBuilder();
      WordSplitter words = new WordSplitter();
      while (peek() != EOF) {
        int ch = peek();
        if (stop != EOF && ch == stop) {
          next();
          return new Result(result.toString(), words.get());
        }
        if (ch == '$') {
          String value = dollar();
          result.append(value);
          words.addString(value);
        } else if (ch == '<') {
          String value = possibleHeredoc();
          result.append(value);
          words.addRaw(value);
        } else if (ch == '\'' || ch == '"') {
          String value = ch == '\'' ? singleQuote() : doubleQuote();
          result.append(value);
          words.addRaw(value);
        } else {
          ch = next();
          if (ch == escape) {
            if (rawEscapes) {
              words.addRaw(String.valueOf((char) ch));
              result.append((char) ch);
            }
            // The escape character escapes the next one; alone at the end it is dropped.
            ch = next();
            if (ch == EOF) {
              break;
            }
            words.addRaw(String.valueOf((char) ch));
          } else {
            words.addChar((char) ch);
          }
          result.append((char) ch);
        }
      }
      if (stop != EOF) {
        throw new WordSyntaxException(
            "unexpected end of statement while looking for matching " + (char) stop);
      }
      return new Result(result.toString(), words.get());
    } finally {
      rawEscapes = saved;
    }
  }

  private String singleQuote() throws WordSyntaxException {
    StringBuilder out = new StringBuilder();
    int ch = next();
    if (rawQuotes) {
      out.append((char) ch);
    }
    while (true) {
      ch = next();
      if (ch == EOF) {
        throw new WordSyntaxException(
            "unexpected end of statement while looking for matching single-quote");
      }
      if (ch == '\'') {
        if (rawQuotes) {
          out.append((char) ch);
        }
        return out.toString();
      }
      out.append((char) ch);
    }
  }

  private String doubleQuote() throws WordSyntaxException {
    StringBuilder out = new StringBuilder();
    int ch = next();
    if (rawQuotes) {
      out.append((char) ch);
    }
    while (true) {
      int p = peek();
      if (p == EOF) {
        throw new WordSyntaxException(
            "unexpected end of statement while looking for matching double-quote");
      }
      if (p == '"') {
        next();
        if (rawQuotes) {
          out.append('"');
        }
        return out.toString();
      }
      if (p == '$') {
        out.append(dollar());
        continue;
      }
      ch = next();
      if (ch == escape) {
        if (rawEscapes) {
          out.append((char) ch);
        }
        int after = peek();
        if (after == EOF) {
          continue;
        }
        // Inside double quotes only these can be escaped; any other escape stays as written.
        if (after == '"' || after == '$' || after == escape) {
          ch = next();
        }
      }
      out.append((char) ch);
    }
  }

  private String dollar() throws WordSyntaxException {
    next();
    if (peek() != '{') {
      String name = name();
      if (name.isEmpty()) {
        return "$";
      }
      String value = lookup(name);
      if (value == null && skipUnset) {
        return "$" + name;
      }
      return value == null ? "" : value;
    }
    next();
    int first = peek();
    if (first == EOF) {
      throw new WordSyntaxException("syntax error: missing '}'");
    }
    if (first == '{' || first == '}' || first == ':') {
      throw new WordSyntaxException("syntax error: bad substitution");
    }
    String name = name();
    int ch = next();
    if (ch == '}') {
      String value = lookup(name);
      if (value == null && skipUnset) {
        return "${" + name + "}";
      }
      return value == null ? "" : value;
    }
    if (ch == '/') {
      return replacement(name);
    }
    boolean nullIsUnset = false;
    String modifier = ch == EOF ? "" : String.valueOf((char) ch);
    if (ch == ':') {
      nullIsUnset = true;
      ch = next();
      modifier += ch == EOF ? "" : String.valueOf((char) ch);
    } else if ("+-?#%".indexOf(ch) < 0 || ch == EOF) {
      throw new WordSyntaxException("unsupported modifier (" + modifier + ") in substitution");
    }
    boolean patternOp = ch == '#' || ch == '%';
    if (nullIsUnset && patternOp) {
      throw new WordSyntaxException("unsupported modifier (" + modifier + ") in substitution");
    }
    String word = closing(patternOp);
    // With a modifier the Dockerfile says what an unset variable means, so it is not recorded.
    String value = env.get(name);
    if (skipUnset && value == null) {
      return "${" + name + modifier + word + "}";
    }
    boolean empty = value == null || (nullIsUnset && value.isEmpty());
    return switch (ch) {
      case '-' -> empty ? word : value;
      case '+' -> empty ? "" : word;
      case '?' -> required(name, value, empty, word);
      case '#', '%' -> {
        String current = value == null ? "" : value;
        boolean greedy = !word.isEmpty() && word.charAt(0) == ch;
        String pattern = greedy ? word.substring(1) : word;
        yield ch == '%'
            ? ShellPatterns.trimSuffix(pattern, current, greedy)
            : ShellPatterns.trimPrefix(pattern, current, greedy);
      }
      default ->
          throw new WordSyntaxException("unsupported modifier (" + modifier + ") in substitution");
    };
  }

  private static String required(String name, String value, boolean empty, String message)
      throws WordSyntaxException {
    if (value == null) {
      throw new WordSyntaxException(
          name + ": " + (message.isEmpty() ? "is not allowed to be unset" : message));
    }
    if (empty) {
      throw new WordSyntaxException(
          name + ": " + (message.isEmpty() ? "is not allowed to be empty" : message));
    }
    return value;
  }

  private String closing(boolean raw) throws WordSyntaxException {
    try {
      return stopOn('}', raw).result;
    } catch (WordSyntaxException e) {
      throw peek() == EOF ? new WordSyntaxException("syntax error: missing '}'") : e;
    }
  }

  private String replacement(String name) throws WordSyntaxException {
    boolean all = peek() == '/';
    if (all) {
      next();
    }
    String pattern;
    try {
      pattern = stopOn('/', true).result;
    } catch (WordSyntaxException e) {
      throw peek() == EOF ? new WordSyntaxException("syntax error: missing '/' in ${}") : e;
    }
    String with = closing(true);
    String value = env.get(name);
    if (skipUnset && value == null) {
      return "${" + name + "/" + pattern + "/" + with + "}";
    }
    return ShellPatterns.replace(pattern, value == null ? "" : value, with, all);
  }

  private String name() {
    StringBuilder name = new StringBuilder();
    while (peek() != EOF) {
      char ch = (char) peek();
      if (name.length() == 0 && Character.isDigit(ch)) {
        while (peek() != EOF && Character.isDigit((char) peek())) {
          name.append((char) next());
        }
        return name.toString();
      }
      if (name.length() == 0 && "@*#?-$!0".indexOf(ch) >= 0) {
        next();
        return String.valueOf(ch);
      }
      if (!Character.isLetterOrDigit(ch) && ch != '_') {
        break;
      }
      name.append((char) next());
    }
    return name.toString();
  }

  private String possibleHeredoc() {
    next();
    if (peek() != '<') {
      return "<";
    }
    next();
    // A heredoc may have blanks between << and its delimiter; they stay with the word.
    StringBuilder out = new StringBuilder("<<");
    while (peek() == ' ' || peek() == '\t' || peek() == '\r') {
      out.append((char) next());
    }
    return out.toString();
  }

  /** A plain reference's value; an unset one is recorded, as it silently becomes empty. */
  private String lookup(String name) {
    String value = env.get(name);
    if (value == null && unset != null) {
      unset.add(name);
    }
    return value;
  }
}
