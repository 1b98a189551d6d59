package dev.slipway.dockerfile;

import dev.slipway.plan.GoBuildFlags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code go build} or {@code go install} found in a {@code RUN}, its flags read as go's flag
 * package reads them (flags end at the first argument that is not one).
 *
 * @param install whether it is {@code go install}
 * @param output the {@code -o} value, absolute, or null
 * @param flags the flags that change what is built, normalized to {@code -name} or {@code
 *     -name=value}; not {@code -o}, {@code -ldflags}, {@code -tags}, {@code -C}, nor those that
 *     only change what go prints or how fast it works ({@code -v}, {@code -x}, {@code -p}, {@code
 *     -a}...)
 * @param ldflags the {@code -ldflags} value split into arguments, as go splits it
 * @param tags the build tags
 * @param dir the directory go runs in ({@code -C} applied), absolute
 * @param packages the package arguments ({@code .} when none)
 * @param command the shell command it came from
 */
record GoBuild(
    boolean install,
    String output,
    List<String> flags,
    List<String> ldflags,
    List<String> tags,
    String dir,
    List<String> packages,
    ShellScript.Command command) {
  private static final Set<String> IGNORED =
      Set.of(
          "o",
          "C",
          "ldflags",
          "tags",
          "v",
          "x",
          "n",
          "work",
          "p",
          "a",
          "i",
          "json",
          "debug-actiongraph",
          "debug-runtime-trace",
          "debug-trace");

  GoBuild {
    flags = List.copyOf(flags);
    ldflags = List.copyOf(ldflags);
    tags = List.copyOf(tags);
    packages = List.copyOf(packages);
  }

  /** The go build or install {@code command} runs, or null when it runs something else. */
  static GoBuild of(ShellScript.Command command) {
    List<String> words = command.words();
    if (words.size() < 2 || !isGo(words.get(0))) {
      return null;
    }
    String verb = words.get(1);
    if (!verb.equals("build") && !verb.equals("install")) {
      return null;
    }
    String output = null;
    String dir = command.cwd();
    List<String> flags = new ArrayList<>();
    List<String> ldflags = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    List<String> packages = new ArrayList<>();
    int i = 2;
    for (; i < words.size(); i++) {
      String arg = words.get(i);
      if (arg.equals("--")) {
        i++;
        break;
      }
      if (!arg.startsWith("-") || arg.equals("-")) {
        break;
      }
      String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      String value = eq < 0 ? null : body.substring(eq + 1);
      if (value == null && GoBuildFlags.takesValue(name)) {
        if (i + 1 == words.size()) {
          break;
        }
        value = words.get(++i);
      }
      switch (name) {
        case "o" -> output = value;
        case "C" -> dir = ImagePaths.clean(ImagePaths.resolve(dir, value));
        case "ldflags" -> ldflags = splitQuoted(value);
        case "tags" -> tags = splitTags(value);
        case "gcflags", "asmflags", "gccgoflags" -> {
          if (!value.isBlank()) {
            flags.add("-" + name + "=" + value);
          }
        }
        default -> {
          if (!IGNORED.contains(name)) {
            flags.add(value == null ? "-" + name : "-" + name + "=" + value);
          }
        }
      }
    }
    packages.addAll(words.subList(Math.min(i, words.size()), words.size()));
    if (packages.isEmpty()) {
      packages.add(".");
    }
    if (output != null) {
      boolean directory = output.endsWith("/");
      output = ImagePaths.clean(ImagePaths.resolve(dir, output)) + (directory ? "/" : "");
    }
    return new GoBuild(
        verb.equals("install"), output, flags, ldflags, tags, dir, packages, command);
  }

  /** The environment go sees. */
  Map<String, String> env() {
    return command.env();
  }

  private static boolean isGo(String word) {
    return word.equals("go") || word.endsWith("/go");
  }

  /** Tags, comma-separated (or space-separated, as go once wanted them). */
  private static List<String> splitTags(String value) {
    List<String> tags = new ArrayList<>();
    for (String tag : value.split("[,\\s]+")) {
      if (!tag.isEmpty()) {
        tags.add(tag);
      }
    }
    return tags;
  }

  /**
   * Splits a flag value as go does: on spaces, where single or double quotes may hold a field with
   * spaces ({@code -X 'main.greeting=hello world'}).
   */
  static List<String> splitQuoted(String value) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean inField = false;
    char quote = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          field.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inField = true;
      } else if (Character.isWhitespace(c)) {
        if (inField) {
          out.add(field.toString());
          field.setLength(0);
          inField = false;
        }
      } else {
        field.append(c);
        inField = true;
      }
    }
    if (inField) {
      out.add(field.toString());
    }
    return out;
  }
}
