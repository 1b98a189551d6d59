package dev.slipway.core;

/**
 * White space as Go's {@code unicode.IsSpace} defines it (the Unicode White_Space property), which
 * Go's {@code strings.TrimSpace} and {@code strings.Fields} use. Java's {@code String.strip} and
 * {@code Character.isWhitespace} differ: they keep U+00A0 and U+202F, and take U+001C to U+001F.
 */
public final class GoSpace {
  private GoSpace() {}

  /** unicode.IsSpace. */
  public static boolean isSpace(int c) {
    return switch (c) {
      case '\t',
          '\n',
          0x0B,
          '\f',
          '\r',
          ' ',
          0x85,
          0xA0,
          0x1680,
          0x2028,
          0x2029,
          0x202F,
          0x205F,
          0x3000 ->
          true;
      default -> c >= 0x2000 && c <= 0x200A;
    };
  }

  /** {@code s} without leading and trailing Go white space. */
  public static String trim(String s) {
    int start = 0;
    while (start < s.length() && isSpace(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    int end = s.length();
    while (end > start && isSpace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }

  /** strings.Fields: the runs of {@code s} between Go white space. */
  public static java.util.List<String> fields(String s) {
    java.util.List<String> out = new java.util.ArrayList<>();
    int start = -1;
    for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i))) {
      boolean space = isSpace(s.codePointAt(i));
      if (!space && start < 0) {
        start = i;
      } else if (space && start >= 0) {
        out.add(s.substring(start, i));
        start = -1;
      }
    }
    if (start >= 0) {
      out.add(s.substring(start));
    }
    return java.util.List.copyOf(out);
  }
}
