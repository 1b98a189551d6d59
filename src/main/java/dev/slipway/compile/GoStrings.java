package dev.slipway.compile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Go's quoted string literals, as strconv.QuotedPrefix and strconv.Unquote read them: the form
 * strconv.Quote gives a build setting that holds a space, a tab, a newline or a quote.
 */
final class GoStrings {
  private GoStrings() {}

  /** The length of the quoted literal that starts {@code s}, or -1 if there is none. */
  static int quotedPrefixLength(String s) {
    if (s.isEmpty()) {
      return -1;
    }
    char q = s.charAt(0);
    if (q == '`') {
      int end = s.indexOf('`', 1);
      return end < 0 ? -1 : end + 1;
    }
    if (q != '"') {
      return -1;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        return -1;
      }
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i + 1;
      }
    }
    return -1;
  }

  /** The value of a whole quoted literal; IllegalArgumentException if it is not one. */
  static String unquote(String s) {
    if (quotedPrefixLength(s) != s.length()) {
      throw new IllegalArgumentException("not a Go string literal: " + s);
    }
    if (s.charAt(0) == '`') {
      return s.substring(1, s.length() - 1).replace("\r", "");
    }
    StringBuilder out = new StringBuilder(s.length());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 1;
    int end = s.length() - 1;
    while (i < end) {
      char c = s.charAt(i);
      if (c != '\\') {
        flush(bytes, out);
        out.append(c);
        i++;
        continue;
      }
      if (i + 1 >= end) {
        throw new IllegalArgumentException("not a Go string literal: " + s);
      }
      char e = s.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'a' -> append(bytes, out, 7);
        case 'b' -> append(bytes, out, '\b');
        case 'f' -> append(bytes, out, '\f');
        case 'n' -> append(bytes, out, '\n');
        case 'r' -> append(bytes, out, '\r');
        case 't' -> append(bytes, out, '\t');
        case 'v' -> append(bytes, out, 0x0b);
        case '\\', '"', '\'' -> append(bytes, out, e);
        case 'x' -> {
          bytes.write(hex(s, i, 2));
          i += 2;
        }
        case 'u', 'U' -> {
          int n = e == 'u' ? 4 : 8;
          int cp = hex(s, i, n);
          if (!Character.isValidCodePoint(cp) || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw new IllegalArgumentException("not a Go string literal: " + s);
          }
          flush(bytes, out);
          out.appendCodePoint(cp);
          i += n;
        }
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          if (i + 2 > end) {
            throw new IllegalArgumentException("not a Go string literal: " + s);
          }
          int v = Integer.parseInt(s.substring(i - 1, i + 2), 8);
          if (v > 255) {
            throw new IllegalArgumentException("not a Go string literal: " + s);
          }
          bytes.write(v);
          i += 2;
        }
        default -> throw new IllegalArgumentException("not a Go string literal: " + s);
      }
    }
    flush(bytes, out);
    return out.toString();
  }

  private static void append(ByteArrayOutputStream bytes, StringBuilder out, int c) {
    flush(bytes, out);
    out.append((char) c);
  }

  /** \x and octal escapes are bytes of UTF-8, decoded together. */
  private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
    if (bytes.size() > 0) {
      out.append(bytes.toString(StandardCharsets.UTF_8));
      bytes.reset();
    }
  }

  private static int hex(String s, int from, int n) {
    if (from + n > s.length() - 1) {
      throw new IllegalArgumentException("not a Go string literal: " + s);
    }
    long v = 0;
    for (int i = from; i < from + n; i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0) {
        throw new IllegalArgumentException("not a Go string literal: " + s);
      }
      v = v << 4 | d;
    }
    return v > Integer.MAX_VALUE ? -1 : (int) v;
  }
}
