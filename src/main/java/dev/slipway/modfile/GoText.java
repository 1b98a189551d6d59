package dev.slipway.modfile;

import dev.slipway.core.GoSpace;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Go's rules for text, where they differ from Java's: {@code unicode.IsPrint}/{@code IsSpace},
 * {@code strings.TrimSpace}/{@code Fields}, {@code strconv.Unquote} and {@code %q}. Error messages
 * quote input the way go does, so they must use these.
 */
final class GoText {
  private GoText() {}

  /** Thrown by {@link #unquote}; go's {@code strconv.ErrSyntax}. */
  static final class SyntaxError extends Exception {
    SyntaxError() {
      super("invalid syntax", null, false, false);
    }
  }

  /** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  static boolean isPrint(int c) {
    if (c == ' ') {
      return true;
    }
    return switch (Character.getType(c)) {
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER,
          Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK,
          Character.COMBINING_SPACING_MARK,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER,
          Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION,
          Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL,
          Character.OTHER_SYMBOL ->
          true;
      default -> false;
    };
  }

  /** unicode.IsSpace (see {@link GoSpace}). */
  static boolean isSpace(int c) {
    return GoSpace.isSpace(c);
  }

  /** strings.TrimSpace. */
  static String trimSpace(String s) {
    return GoSpace.trim(s);
  }

  /** strings.Fields: the runs of non-space text. */
  static List<String> fields(String s) {
    List<String> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      if (isSpace(c)) {
        if (start >= 0) {
          out.add(s.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
      i += Character.charCount(c);
    }
    if (start >= 0) {
      out.add(s.substring(start));
    }
    return out;
  }

  /** strconv.Unquote for a double-quoted Go string literal. */
  static String unquote(String s) throws SyntaxError {
    if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
      throw new SyntaxError();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    int i = 1;
    int end = s.length() - 1;
    while (i < end) {
      int c = s.codePointAt(i);
      if (c == '"' || c == '\n') {
        throw new SyntaxError();
      }
      if (c != '\\') {
        out.writeBytes(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(c);
        continue;
      }
      if (i + 1 >= end) {
        throw new SyntaxError();
      }
      char e = s.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'a' -> out.write(7);
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case 'v' -> out.write(0x0B);
        case '\\' -> out.write('\\');
        case '"' -> out.write('"');
        case 'x' -> {
          out.write(hex(s, i, 2, end));
          i += 2;
        }
        case 'u', 'U' -> {
          int n = e == 'u' ? 4 : 8;
          int r = hex(s, i, n, end);
          i += n;
          if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) {
            throw new SyntaxError();
          }
          out.writeBytes(new String(Character.toChars(r)).getBytes(StandardCharsets.UTF_8));
        }
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          if (i + 2 > end) {
            throw new SyntaxError();
          }
          int v = e - '0';
          for (int k = 0; k < 2; k++) {
            char d = s.charAt(i++);
            if (d < '0' || d > '7') {
              throw new SyntaxError();
            }
            v = v * 8 + (d - '0');
          }
          if (v > 255) {
            throw new SyntaxError();
          }
          out.write(v);
        }
        default -> throw new SyntaxError();
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(String s, int from, int n, int end) throws SyntaxError {
    if (from + n > end) {
      throw new SyntaxError();
    }
    int v = 0;
    for (int k = 0; k < n; k++) {
      int d = Character.digit(s.charAt(from + k), 16);
      if (d < 0 || s.charAt(from + k) > 'f') {
        throw new SyntaxError();
      }
      v = v * 16 + d;
    }
    return v;
  }

  /** fmt's {@code %q} of a string. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(c -> appendEscaped(b, c, '"'));
    return b.append('"').toString();
  }

  /** fmt's {@code %q} of a rune. */
  static String quoteRune(int c) {
    StringBuilder b = new StringBuilder("'");
    appendEscaped(b, c, '\'');
    return b.append('\'').toString();
  }

  private static void appendEscaped(StringBuilder b, int c, char quote) {
    if (c == quote || c == '\\') {
      b.append('\\').appendCodePoint(c);
    } else if (isPrint(c)) {
      b.appendCodePoint(c);
    } else {
      switch (c) {
        case 7 -> b.append("\\a");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case 0x0B -> b.append("\\v");
        default -> {
          if (c < ' ' || c == 0x7F) {
            b.append(String.format("\\x%02x", c));
          } else if (c < 0x10000) {
            b.append(String.format("\\u%04x", c));
          } else {
            b.append(String.format("\\U%08x", c));
          }
        }
      }
    }
  }
}
