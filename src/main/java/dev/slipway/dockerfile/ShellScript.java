package dev.slipway.dockerfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the simple commands of a {@code RUN} script the way {@code sh} would split them, far enough
 * to find a {@code go build} and what it sees: commands separated by {@code &&}, {@code ||}, {@code
 * ;}, {@code |}, {@code &} and newlines; quotes; variables (with the {@code ${}} modifiers); field
 * splitting of unquoted variables; {@code cd}, {@code export} and plain assignments, which later
 * commands see. Redirections are dropped. Command substitution cannot be run, so it is kept as
 * written and marks the command as dynamic.
 */
final class ShellScript {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> RESERVED =
      Set.of("if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}");

  /**
   * One simple command.
   *
   * @param words the command and its arguments, after substitution and quote removal
   * @param assignments the {@code NAME=value} words before the command
   * @param env what the command's environment holds: the exported variables and assignments
   * @param cwd the directory it runs in
   * @param unset the variables it referred to that had no value
   * @param dynamic whether it holds a command substitution, left as written
   */
  record Command(
      List<String> words,
      Map<String, String> assignments,
      Map<String, String> env,
      String cwd,
      Set<String> unset,
      boolean dynamic) {
    Command {
      words = List.copyOf(words);
      assignments = Map.copyOf(assignments);
      env = Map.copyOf(env);
      unset = Set.copyOf(unset);
    }
  }

  private final String text;
  private final Map<String, String> exported;
  private final Map<String, String> variables = new HashMap<>();
  private final List<Command> commands = new ArrayList<>();
  private String cwd;
  private int pos;

  private final List<String> words = new ArrayList<>();
  private final StringBuilder word = new StringBuilder();
  private boolean inWord;
  private boolean dynamic;
  private Set<String> unset = new HashSet<>();

  private ShellScript(String text, Map<String, String> env, String cwd) {
    this.text = text;
    this.exported = new HashMap<>(env);
    this.cwd = cwd;
  }

  /** The simple commands of {@code script}, run with {@code env} in {@code cwd}. */
  static List<Command> read(String script, Map<String, String> env, String cwd) {
    ShellScript reader = new ShellScript(script, env, cwd);
    reader.readAll();
    return List.copyOf(reader.commands);
  }

  private void readAll() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\\') {
        pos++;
        if (pos < text.length() && text.charAt(pos) != '\n') {
          append(String.valueOf(text.charAt(pos)));
        }
        pos++;
      } else if (c == '\'') {
        int end = text.indexOf('\'', pos + 1);
        end = end < 0 ? text.length() : end;
        append(text.substring(pos + 1, end));
        pos = end + 1;
      } else if (c == '"') {
        doubleQuoted();
      } else if (c == '$') {
        dollar(false);
      } else if (c == '`') {
        int end = text.indexOf('`', pos + 1);
        end = end < 0 ? text.length() : end;
        append(text.substring(pos, Math.min(end + 1, text.length())));
        dynamic = true;
        pos = end + 1;
      } else if (c == '#' && !inWord) {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else if (c == ' ' || c == '\t' || c == '\r') {
        endWord();
        pos++;
      } else if (c == '<' || c == '>') {
        redirection();
      } else if ("\n;&|()".indexOf(c) >= 0) {
        endCommand();
        pos++;
      } else {
        append(String.valueOf(c));
        pos++;
      }
    }
    endCommand();
  }

  private void doubleQuoted() {
    pos++;
    inWord = true;
    while (pos < text.length() && text.charAt(pos) != '"') {
      char c = text.charAt(pos);
      if (c == '\\' && pos + 1 < text.length() && "$`\"\\\n".indexOf(text.charAt(pos + 1)) >= 0) {
        if (text.charAt(pos + 1) != '\n') {
          word.append(text.charAt(pos + 1));
        }
        pos += 2;
      } else if (c == '$') {
        dollar(true);
      } else if (c == '`') {
        int end = text.indexOf('`', pos + 1);
        end = end < 0 ? text.length() - 1 : end;
        word.append(text, pos, end + 1);
        dynamic = true;
        pos = end + 1;
      } else {
        word.append(c);
        pos++;
      }
    }
    pos++;
  }

  /** A {@code $} expansion; unquoted results are split into fields on whitespace. */
  private void dollar(boolean quoted) {
    int start = pos;
    char next = pos + 1 < text.length() ? text.charAt(pos + 1) : 0;
    String value;
    if (next == '(') {
      pos = matching(pos + 1, '(', ')');
      inWord = true;
      word.append(text, start, pos);
      dynamic = true;
      return;
    } else if (next == '{') {
      pos = matching(pos + 1, '{', '}');
      value = substitute(text.substring(start, pos));
    } else {
      int end = pos + 1;
      while (end < text.length()
          && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
        end++;
      }
      if (end == pos + 1) {
        pos++;
        append("$");
        return;
      }
      pos = end;
      value = substitute(text.substring(start, end));
    }
    if (quoted) {
      inWord = true;
      word.append(value);
      return;
    }
    String[] fields = value.split("[ \\t\\n]+", -1);
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        endWord();
      }
      if (!fields[i].isEmpty()) {
        append(fields[i]);
      }
    }
  }

  private String substitute(String reference) {
    Map<String, String> all = new HashMap<>(exported);
    all.putAll(variables);
    try {
      return WordLexer.of('\\').word(reference, all, unset);
    } catch (WordSyntaxException e) {
      // sh would fail here; init keeps the text and marks the command as not understood.
      dynamic = true;
      return reference;
    }
  }

  /** The position after the bracket that closes the one at {@code open}. */
  private int matching(int open, char left, char right) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == left) {
        depth++;
      } else if (c == right && --depth == 0) {
        return i + 1;
      }
    }
    return text.length();
  }

  /** Drops a redirection and its target: {@code > file}, {@code 2>&1}, {@code <<EOF}. */
  private void redirection() {
    if (inWord && word.chars().allMatch(Character::isDigit)) {
      word.setLength(0);
      inWord = false;
    }
    endWord();
    while (pos < text.length() && "<>&-".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
      pos++;
    }
    while (pos < text.length() && " \t\n;&|()".indexOf(text.charAt(pos)) < 0) {
      pos++;
    }
  }

  private void append(String s) {
    word.append(s);
    inWord = true;
  }

  private void endWord() {
    if (inWord) {
      words.add(word.toString());
    }
    word.setLength(0);
    inWord = false;
  }

  private void endCommand() {
    endWord();
    List<String> rest = new ArrayList<>(words);
    words.clear();
    Map<String, String> assignments = new HashMap<>();
    while (!rest.isEmpty() && RESERVED.contains(rest.get(0))) {
      rest.remove(0);
    }
    while (!rest.isEmpty() && isAssignment(rest.get(0))) {
      String a = rest.remove(0);
      assignments.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    if (!rest.isEmpty() && rest.get(0).equals("env")) {
      rest.remove(0);
      while (!rest.isEmpty() && (isAssignment(rest.get(0)) || rest.get(0).startsWith("-"))) {
        String a = rest.remove(0);
        if (isAssignment(a)) {
          assignments.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
      }
    }
    if (rest.isEmpty()) {
      // NAME=value alone sets a shell variable; one already exported stays exported.
      assignments.forEach(
          (k, v) -> {
            variables.put(k, v);
            exported.computeIfPresent(k, (key, old) -> v);
          });
    } else if (rest.get(0).equals("export")) {
      for (String arg : rest.subList(1, rest.size())) {
        if (isAssignment(arg)) {
          exported.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        } else if (variables.containsKey(arg)) {
          exported.put(arg, variables.get(arg));
        }
      }
    } else if ((rest.get(0).equals("cd") || rest.get(0).equals("pushd")) && rest.size() > 1) {
      cwd = ImagePaths.clean(ImagePaths.resolve(cwd, rest.get(1)));
    } else {
      Map<String, String> env = new HashMap<>(exported);
      env.putAll(assignments);
      commands.add(new Command(rest, assignments, env, cwd, unset, dynamic));
    }
    unset = new HashSet<>();
    dynamic = false;
  }

  private static boolean isAssignment(String word) {
    int eq = word.indexOf('=');
    return eq > 0 && NAME.matcher(word.substring(0, eq)).matches();
  }
}
