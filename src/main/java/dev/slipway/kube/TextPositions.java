package dev.slipway.kube;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Places in one text. SnakeYAML Engine counts Unicode code points ({@code Mark.getIndex}), Java
 * strings count UTF-16 chars: they differ after any character outside the Basic Multilingual Plane,
 * such as an emoji in a comment. Lines end at {@code \n}, {@code \r\n} or {@code \r}, YAML 1.2's
 * line breaks.
 */
final class TextPositions {
  private static final int BOM = 0xFEFF;

  private final String text;
  private final int[] lineStarts;

  /** The char index of each code point index, or null when the two are the same. */
  private final int[] charIndex;

  TextPositions(String text) {
    this.text = text;
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        i++;
      }
      if (c == '\r' || c == '\n') {
        starts.add(i + 1);
      }
    }
    this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    int codePoints = text.codePointCount(0, text.length());
    if (codePoints == text.length()) {
      this.charIndex = null;
    } else {
      this.charIndex = new int[codePoints + 1];
      int chars = 0;
      for (int cp = 0; cp < codePoints; cp++) {
        charIndex[cp] = chars;
        chars += Character.charCount(text.codePointAt(chars));
      }
      charIndex[codePoints] = chars;
    }
  }

  /** The char index of code point index {@code codePoint}, which may be the text's end. */
  int charIndex(int codePoint) {
    if (charIndex == null) {
      return Math.min(codePoint, text.length());
    }
    return charIndex[Math.min(codePoint, charIndex.length - 1)];
  }

  /** The 1-based line of char index {@code offset}. */
  int line(int offset) {
    int found = Arrays.binarySearch(lineStarts, offset);
    return found >= 0 ? found + 1 : -found - 1;
  }

  /** The 1-based column of char index {@code offset} in code points; a leading BOM takes none. */
  int column(int offset) {
    int lineStart = lineStarts[line(offset) - 1];
    if (lineStart == 0 && !text.isEmpty() && text.charAt(0) == BOM && offset > 0) {
      lineStart = 1;
    }
    return text.codePointCount(lineStart, offset) + 1;
  }

  /** {@code name:line:column} of char index {@code offset}. */
  String place(String name, int offset) {
    return name + ":" + line(offset) + ":" + column(offset);
  }
}
