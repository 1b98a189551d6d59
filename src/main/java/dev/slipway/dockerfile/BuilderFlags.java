package dev.slipway.dockerfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --name[=value]} flags of one instruction, checked as BuildKit checks them: each
 * instruction knows its own flags, a boolean flag alone is true, a string flag needs a value and
 * may be given once, a repeatable flag collects every value.
 */
final class BuilderFlags {
  private enum Kind {
    BOOLEAN,
    STRING,
    STRINGS
  }

  private final Map<String, Kind> declared = new HashMap<>();
  private final Map<String, List<String>> values = new HashMap<>();

  /** Declares boolean flags. */
  BuilderFlags booleans(String... names) {
    return declare(Kind.BOOLEAN, names);
  }

  /** Declares flags that take one value. */
  BuilderFlags strings(String... names) {
    return declare(Kind.STRING, names);
  }

  /** Declares flags that may be repeated, each with a value. */
  BuilderFlags repeated(String... names) {
    return declare(Kind.STRINGS, names);
  }

  private BuilderFlags declare(Kind kind, String... names) {
    for (String name : names) {
      declared.put(name, kind);
    }
    return this;
  }

  /** Reads {@code flags} (each {@code --name[=value]}); the message says what is wrong. */
  BuilderFlags parse(List<String> flags) throws WordSyntaxException {
    for (String flag : flags) {
      int eq = flag.indexOf('=');
      String name = eq < 0 ? flag.substring(2) : flag.substring(2, eq);
      String value = eq < 0 ? null : flag.substring(eq + 1);
      Kind kind = declared.get(name);
      if (kind == null) {
        throw new WordSyntaxException("unknown flag: --" + name);
      }
      if (values.containsKey(name) && kind != Kind.STRINGS) {
        throw new WordSyntaxException("duplicate flag specified: --" + name);
      }
      List<String> list = values.computeIfAbsent(name, k -> new ArrayList<>());
      if (kind == Kind.BOOLEAN) {
        if (value != null && value.isEmpty()) {
          throw new WordSyntaxException("missing a value on flag: --" + name);
        }
        String lower = value == null ? "true" : value.toLowerCase(Locale.ROOT);
        if (!lower.equals("true") && !lower.equals("false")) {
          throw new WordSyntaxException(
              "expecting boolean value for flag --" + name + ", not: " + value);
        }
        list.add(lower);
      } else {
        if (value == null) {
          throw new WordSyntaxException("missing a value on flag: --" + name);
        }
        list.add(value);
      }
    }
    return this;
  }

  /** The value of a string flag, or null when not given. */
  String string(String name) {
    List<String> list = values.get(name);
    return list == null ? null : list.get(0);
  }

  /** Whether a boolean flag is on. */
  boolean isSet(String name) {
    List<String> list = values.get(name);
    return list != null && list.get(0).equals("true");
  }

  /** Every value of a repeatable flag, in order. */
  List<String> all(String name) {
    return List.copyOf(values.getOrDefault(name, List.of()));
  }
}
