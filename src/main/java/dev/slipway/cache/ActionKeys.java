package dev.slipway.cache;

import java.util.regex.Pattern;

/** Action keys are file names and URL path segments, so only a safe alphabet is accepted. */
final class ActionKeys {
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  private ActionKeys() {}

  static String check(String key) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "invalid action key (letters, digits, '.', '_' and '-', at most 200): " + key);
    }
    return key;
  }
}
