package dev.slipway.dockerfile;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The glob patterns of {@code ${VAR#pattern}}, {@code ${VAR%pattern}} and {@code
 * ${VAR/pattern/replacement}}: {@code ?} is one character, {@code *} any run of them, and a
 * backslash makes {@code ?}, {@code *} or itself literal (no bracket expressions, as in BuildKit).
 */
final class ShellPatterns {
  private ShellPatterns() {}

  /** {@code value} without the shortest (or longest) prefix matching {@code pattern}. */
  static String trimPrefix(String pattern, String value, boolean greedy)
      throws WordSyntaxException {
    Matcher m = compile(pattern, greedy, true).matcher(value);
    return m.find() ? value.substring(m.end()) : value;
  }

  /** {@code value} without the shortest (or longest) suffix matching {@code pattern}. */
  static String trimSuffix(String pattern, String value, boolean greedy)
      throws WordSyntaxException {
    // Regular expressions find the leftmost match, so search the reversed value for the
    // reversed pattern: the shortest suffix becomes the shortest prefix.
    String reversed = trimPrefix(reversePattern(pattern), reverse(value), greedy);
    return reverse(reversed);
  }

  /** {@code value} with the first (or every) match of {@code pattern} replaced. */
  static String replace(String pattern, String value, String replacement, boolean all)
      throws WordSyntaxException {
    Matcher m = compile(pattern, true, false).matcher(value);
    String literal = Matcher.quoteReplacement(replacement);
    return all ? m.replaceAll(literal) : m.replaceFirst(literal);
  }

  private static Pattern compile(String pattern, boolean greedy, boolean anchored)
      throws WordSyntaxException {
    StringBuilder out = new StringBuilder(anchored ? "^" : "");
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*') {
        out.append(greedy ? ".*" : ".*?");
      } else if (c == '?') {
        out.append('.');
      } else if (c == '\\') {
        char n = i + 1 < pattern.length() ? pattern.charAt(i + 1) : 0;
        // An escaped } or / belongs to the ${} syntax, not to the pattern.
        if (n == '}' || n == '/') {
          continue;
        }
        if (n != '*' && n != '?' && n != '\\') {
          throw new WordSyntaxException(
              "invalid pattern (" + pattern + ") in substitution: invalid escape '\\" + n + "'");
        }
        out.append('\\').append(n);
        i++;
      } else {
        out.append(Pattern.quote(String.valueOf(c)));
      }
    }
    try {
      return Pattern.compile(out.toString(), Pattern.DOTALL);
    } catch (PatternSyntaxException e) {
      throw new WordSyntaxException(
          "invalid pattern (" + pattern + ") in substitution: " + e.getDescription());
    }
  }

  /** Reverses a pattern, keeping each escape in front of the character it escapes. */
  private static String reversePattern(String pattern) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        out.insert(0, pattern.charAt(i + 1)).insert(0, c);
        i++;
      } else {
        out.insert(0, c);
      }
    }
    return out.toString();
  }

  private static String reverse(String s) {
    return new StringBuilder(s).reverse().toString();
  }
}
