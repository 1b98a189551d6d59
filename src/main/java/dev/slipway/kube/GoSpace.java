package dev.slipway.kube;

/**
 * White space as Go's {@code unicode.IsSpace} defines it, which ko's {@code strings.TrimSpace}
 * uses. Java's {@code String.strip} differs: it keeps U+00A0 and U+202F, and removes U+001C to
 * U+001F.
 */
final class GoSpace {
  private GoSpace() {}

  static boolean isSpace(int c) {
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
  static String trim(String s) {
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
}
