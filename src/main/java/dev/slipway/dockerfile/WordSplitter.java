package dev.slipway.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the words of a processed Dockerfile word: whitespace that came from the text or from a
 * variable's value splits, while quoted or escaped text (added raw) never does.
 */
final class WordSplitter {
  private final StringBuilder buf = new StringBuilder();
  private final List<String> words = new ArrayList<>();
  private boolean inWord;

  void addChar(char ch) {
    if (Character.isWhitespace(ch)) {
      if (inWord && buf.length() > 0) {
        words.add(buf.toString());
        buf.setLength(0);
        inWord = false;
      }
    } else {
      buf.append(ch);
      inWord = true;
    }
  }

  void addString(String s) {
    for (int i = 0; i < s.length(); i++) {
      addChar(s.charAt(i));
    }
  }

  void addRaw(String s) {
    buf.append(s);
    inWord = true;
  }

  List<String> get() {
    if (buf.length() > 0) {
      words.add(buf.toString());
      buf.setLength(0);
      inWord = false;
    }
    return List.copyOf(words);
  }
}
