package dev.slipway.plan;

import dev.slipway.core.UsageException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Go text/template's lexer (text/template/parse/lex.go), step for step, for the part of the
 * language {@link KoTemplate} runs. Text, trim markers and comments are split exactly as Go splits
 * them; inside an action it knows spaces, fields, {@code .}, {@code index} and string literals, and
 * stops at the first token of anything else, so nothing unsupported is ever half-understood.
 */
final class KoTemplateLexer {
  enum Kind {
    SPACE,
    FIELD,
    DOT,
    INDEX,
    STRING
  }

  /** A token of an action; {@code value} is a field's name or a string literal's value. */
  record Token(Kind kind, String value) {}

  sealed interface Piece permits Text, Action {}

  record Text(String text) implements Piece {}

  /** {@code source} is the action as written, from its opening braces to its closing ones. */
  record Action(String source, List<Token> tokens) implements Piece {}

  private static final Set<String> KEYWORDS =
      Set.of(
          "block", "break", "continue", "define", "else", "end", "if", "range", "template", "with");

  private final String where;
  private final String in;
  private final List<Piece> pieces = new ArrayList<>();
  private int pos;

  private KoTemplateLexer(String where, String in) {
    this.where = where;
    this.in = in;
  }

  static List<Piece> lex(String where, String text) throws UsageException {
    KoTemplateLexer lexer = new KoTemplateLexer(where, text);
    lexer.lexText();
    return List.copyOf(lexer.pieces);
  }

  private void lexText() throws UsageException {
    while (pos < in.length()) {
      int open = in.indexOf("{{", pos);
      if (open < 0) {
        pieces.add(new Text(in.substring(pos)));
        return;
      }
      String text = in.substring(pos, open);
      pos = open + 2;
      boolean trim = in.length() >= pos + 2 && in.charAt(pos) == '-' && isSpace(in.charAt(pos + 1));
      if (trim) {
        text = text.substring(0, text.length() - trailingSpaces(text));
        pos += 2;
      }
      if (!text.isEmpty()) {
        pieces.add(new Text(text));
      }
      if (in.startsWith("/*", pos)) {
        comment(open);
      } else {
        action(open);
      }
    }
  }

  /** Go allows a comment only as a whole action, closed right after its end marker. */
  private void comment(int open) throws UsageException {
    int end = in.indexOf("*/", pos + 2);
    if (end < 0) {
      throw error(open, "the comment is never closed with */}}");
    }
    pos = end + 2;
    if (closeAction() < 0) {
      throw error(open, "a comment must end with */}} or */ -}}");
    }
  }

  private void action(int open) throws UsageException {
    List<Token> tokens = new ArrayList<>();
    while (true) {
      int close = closeAction();
      if (close >= 0) {
        pieces.add(new Action(in.substring(open, close), List.copyOf(tokens)));
        return;
      }
      if (pos >= in.length()) {
        throw error(open, "the action is never closed with }}");
      }
      int c = in.codePointAt(pos);
      if (isSpace(c)) {
        space(tokens);
      } else if (c == '.' && !(pos + 1 < in.length() && isDigit(in.charAt(pos + 1)))) {
        pos++;
        tokens.add(atTerminator() ? new Token(Kind.DOT, ".") : new Token(Kind.FIELD, word(open)));
      } else if (isAlphaNumeric(c) && !isDigit(c)) {
        tokens.add(identifier(open));
      } else if (c == '"') {
        tokens.add(new Token(Kind.STRING, quoted(open)));
      } else if (c == '`') {
        int end = in.indexOf('`', pos + 1);
        if (end < 0) {
          throw error(open, "the raw string is never closed with `");
        }
        // As in Go's strconv.Unquote, carriage returns vanish from raw strings.
        tokens.add(new Token(Kind.STRING, in.substring(pos + 1, end).replace("\r", "")));
        pos = end + 1;
      } else {
        throw error(open, unsupported(c));
      }
    }
  }

  /**
   * At <code>}}</code> or <code> -}}</code>, moves past it and the whitespace a trim marker trims,
   * and returns where the action ends; elsewhere returns -1.
   */
  private int closeAction() {
    boolean trim =
        pos + 1 < in.length()
            && isSpace(in.charAt(pos))
            && in.charAt(pos + 1) == '-'
            && in.startsWith("}}", pos + 2);
    if (!trim && !in.startsWith("}}", pos)) {
      return -1;
    }
    int close = pos + (trim ? 4 : 2);
    pos = close;
    while (trim && pos < in.length() && isSpace(in.charAt(pos))) {
      pos++;
    }
    return close;
  }

  /** A run of spaces, less the one that belongs to a following <code>-}}</code>. */
  private void space(List<Token> tokens) {
    int start = pos;
    while (pos < in.length() && isSpace(in.charAt(pos))) {
      pos++;
    }
    if (in.startsWith("-}}", pos)) {
      pos--;
    }
    if (pos > start) {
      tokens.add(new Token(Kind.SPACE, " "));
    }
  }

  private Token identifier(int open) throws UsageException {
    String word = word(open);
    if (word.equals("index")) {
      return new Token(Kind.INDEX, word);
    }
    if (KEYWORDS.contains(word)) {
      throw error(open, "{{" + word + "}} actions are not supported in ko flag templates");
    }
    if (word.equals("true") || word.equals("false") || word.equals("nil")) {
      throw error(open, "the constant " + word + " is not supported in ko flag templates");
    }
    throw error(
        open, "the function " + word + " is not supported in ko flag templates (only index is)");
  }

  /** Letters, digits and underscores, which Go requires to end where a token may end. */
  private String word(int open) throws UsageException {
    int start = pos;
    while (pos < in.length() && isAlphaNumeric(in.codePointAt(pos))) {
      pos += Character.charCount(in.codePointAt(pos));
    }
    if (!atTerminator()) {
      throw error(
          open, "bad character " + describe(in.codePointAt(pos)) + " after " + quote(start));
    }
    return in.substring(start, pos);
  }

  private String quote(int start) {
    return in.substring(start > 0 && in.charAt(start - 1) == '.' ? start - 1 : start, pos);
  }

  private boolean atTerminator() {
    if (pos >= in.length() || in.startsWith("}}", pos)) {
      return true;
    }
    char c = in.charAt(pos);
    return isSpace(c) || ".,|:()".indexOf(c) >= 0;
  }

  /** A double-quoted Go string, decoded as strconv.Unquote decodes it. */
  private String quoted(int open) throws UsageException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = pos + 1;
    while (true) {
      if (i >= in.length() || in.charAt(i) == '\n') {
        throw error(open, "the string is never closed with \"");
      }
      char c = in.charAt(i);
      if (c == '"') {
        break;
      }
      if (c != '\\') {
        int cp = in.codePointAt(i);
        bytes.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp);
        continue;
      }
      if (i + 1 >= in.length() || in.charAt(i + 1) == '\n') {
        throw error(open, "the string is never closed with \"");
      }
      i = escape(open, i + 1, bytes);
    }
    pos = i + 1;
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw error(open, "strings that are not UTF-8 are not supported in ko flag templates");
    }
  }

  /** Decodes the escape whose letter is at {@code i}; returns the index after it. */
  private int escape(int open, int i, ByteArrayOutputStream bytes) throws UsageException {
    char e = in.charAt(i);
    int simple = "abfnrtv\\\"".indexOf(e);
    if (simple >= 0) {
      bytes.write("\u0007\b\f\n\r\t\u000b\\\"".charAt(simple));
      return i + 1;
    }
    int digits = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : e >= '0' && e <= '7' ? 3 : 0;
    int from = e >= '0' && e <= '7' ? i : i + 1;
    int radix = digits == 3 ? 8 : 16;
    long value = 0;
    for (int k = from; k < from + digits; k++) {
      int d = k < in.length() ? Character.digit(in.charAt(k), radix) : -1;
      if (d < 0 || in.charAt(k) > 'z') {
        digits = 0;
        break;
      }
      value = value * radix + d;
    }
    boolean rune = e == 'u' || e == 'U';
    boolean valid =
        digits > 0
            && (rune
                ? value <= Character.MAX_CODE_POINT && (value < 0xD800 || value > 0xDFFF)
                : value <= 0xFF);
    if (!valid) {
      throw error(open, "bad escape \\" + e + " in a string");
    }
    if (rune) {
      bytes.writeBytes(Character.toString((int) value).getBytes(StandardCharsets.UTF_8));
    } else {
      bytes.write((int) value);
    }
    return from + digits;
  }

  private static String unsupported(int c) {
    return switch (c) {
      case '|' -> "pipes (|) are not supported in ko flag templates";
      case '$' -> "variables ($) are not supported in ko flag templates";
      case '(', ')' -> "parentheses are not supported in ko flag templates";
      case '=', ':' -> "assignments are not supported in ko flag templates";
      case '\'' -> "character constants are not supported in ko flag templates";
      case '-' -> "a trim marker needs a space: {{- on the left, -}} on the right";
      default ->
          isDigit(c) || c == '+' || c == '.'
              ? "numbers are not supported in ko flag templates"
              : "unexpected " + describe(c);
    };
  }

  private UsageException error(int open, String problem) {
    int close = in.indexOf("}}", Math.max(pos, open + 2));
    String action = in.substring(open, close < 0 ? in.length() : close + 2);
    return new UsageException(where + ": " + action + ": " + problem);
  }

  private static String describe(int c) {
    return c >= 0x20 && c < 0x7f ? "'" + Character.toString(c) + "'" : String.format("U+%04X", c);
  }

  private static int trailingSpaces(String text) {
    int n = 0;
    while (n < text.length() && isSpace(text.charAt(text.length() - 1 - n))) {
      n++;
    }
    return n;
  }

  private static boolean isSpace(int c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  /** Go's unicode.IsLetter and IsDigit: any letter, any decimal digit. */
  private static boolean isAlphaNumeric(int c) {
    return c == '_' || Character.isLetter(c) || Character.isDigit(c);
  }
}
