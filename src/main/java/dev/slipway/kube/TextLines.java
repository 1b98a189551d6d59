package dev.slipway.kube;

/**
 * Lines of a text, which end at {@code \n}, {@code \r\n} or {@code \r} (YAML 1.2's line breaks).
 */
final class TextLines {
  private TextLines() {}

  /** Where the line holding char index {@code i} starts. */
  static int lineStart(String text, int i) {
    int j = i;
    while (j > 0 && text.charAt(j - 1) != '\n' && text.charAt(j - 1) != '\r') {
      j--;
    }
    return j;
  }

  /** Where the line holding char index {@code i} ends: its line break, or the text's end. */
  static int lineEnd(String text, int i) {
    int j = i;
    while (j < text.length() && text.charAt(j) != '\n' && text.charAt(j) != '\r') {
      j++;
    }
    return j;
  }

  /** Where the line after the one holding char index {@code i} starts, or the text's end. */
  static int nextLine(String text, int i) {
    int j = lineEnd(text, i);
    if (j < text.length()) {
      j += text.startsWith("\r\n", j) ? 2 : 1;
    }
    return j;
  }

  /**
   * Where the line before the one starting at {@code lineStart} starts; needs {@code lineStart >
   * 0}.
   */
  static int previousLine(String text, int lineStart) {
    int end = lineStart - (lineStart >= 2 && text.startsWith("\r\n", lineStart - 2) ? 2 : 1);
    return lineStart(text, end);
  }

  /** The line starting at {@code lineStart}, without its line break. */
  static String line(String text, int lineStart) {
    return text.substring(lineStart, lineEnd(text, lineStart));
  }
}
