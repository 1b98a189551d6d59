package dev.slipway.modfile;

import dev.slipway.core.ModuleVersion;
import dev.slipway.core.UsageException;
import dev.slipway.modfile.Syntax.Block;
import dev.slipway.modfile.Syntax.Line;
import dev.slipway.modfile.Syntax.Stmt;
import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns go.mod syntax into a {@link ModFile}: a port of the strict mode of modfile.Parse in
 * golang.org/x/mod/modfile/rule.go, with its error messages. Errors are collected, as go does, and
 * reported together.
 */
final class ModFileReader {
  private static final Pattern GO_VERSION =
      Pattern.compile("([1-9][0-9]*)\\.(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?");
  private static final Pattern TOOLCHAIN = Pattern.compile("^default\\z|^go1(\\z|\\.)");
  private static final Pattern DEPRECATED =
      Pattern.compile("(?s)(?:^|\n\n)Deprecated: *(.*?)(?:\\z|\n\n)");
  private static final List<String> BLOCK_VERBS =
      List.of("module", "godebug", "require", "exclude", "replace", "retract", "tool", "ignore");

  /** An error in one directive, in go's words; the caller adds the position. */
  private static final class Bad extends Exception {
    Bad(String message) {
      super(message, null, false, false);
    }
  }

  private final String file;
  private final List<String> errors = new ArrayList<>();
  private Line moduleLine;
  private String module;
  private String deprecated = "";
  private String go;
  private String toolchain;
  private final List<Godebug> godebugs = new ArrayList<>();
  private final List<Require> requires = new ArrayList<>();
  private final List<Replace> replaces = new ArrayList<>();
  private final List<Exclude> excludes = new ArrayList<>();
  private final List<Retract> retracts = new ArrayList<>();
  private final List<String> tools = new ArrayList<>();
  private final List<String> ignores = new ArrayList<>();

  ModFileReader(String file) {
    this.file = file;
  }

  ModFile read(List<Stmt> stmts) throws UsageException {
    for (Stmt stmt : stmts) {
      if (stmt instanceof Line line) {
        add(null, line, line.tokens().get(0), line.tokens().subList(1, line.tokens().size()));
      } else if (stmt instanceof Block block) {
        if (block.tokens().size() > 1 || !BLOCK_VERBS.contains(block.tokens().get(0))) {
          errors.add(
              block.start().prefix(file)
                  + "unknown block type: "
                  + String.join(" ", block.tokens()));
          continue;
        }
        for (Line line : block.lines()) {
          add(block, line, block.tokens().get(0), line.tokens());
        }
      }
    }
    checkReplacementsAgree();
    if (errors.isEmpty() && moduleLine == null) {
      errors.add(
          file
              + ": missing module declaration. To specify the module path:\n"
              + "\tgo mod edit -module=example.com/mod");
    } else if (errors.isEmpty() && module.isEmpty()) {
      errors.add(moduleLine.start().prefix(file) + "invalid module path: \"\"");
    }
    if (!errors.isEmpty()) {
      throw new UsageException(String.join("\n", errors));
    }
    return new ModFile(
        module,
        deprecated.isEmpty() ? Optional.empty() : Optional.of(deprecated),
        Optional.ofNullable(go),
        Optional.ofNullable(toolchain),
        godebugs,
        requires,
        replaces,
        excludes,
        retracts,
        tools,
        ignores);
  }

  /** As the go command does (modload's toReplaceMap): one module, one replacement. */
  private void checkReplacementsAgree() {
    Map<String, Replace> seen = new HashMap<>();
    for (Replace r : replaces) {
      String old = r.oldPath() + r.oldVersion().map(v -> "@" + v).orElse("");
      Replace prev = seen.put(old, r);
      if (prev != null && !target(prev).equals(target(r))) {
        errors.add(
            file
                + ":"
                + r.line()
                + ": conflicting replacements for "
                + old
                + ":\n\t"
                + target(prev)
                + "\n\t"
                + target(r));
      }
    }
  }

  private static String target(Replace r) {
    return r.newPath() + r.newVersion().map(v -> "@" + v).orElse("");
  }

  private void add(Block block, Line line, String verb, List<String> args) {
    try {
      directive(block, line, verb, new ArrayList<>(args));
    } catch (Bad e) {
      errors.add(line.start().prefix(file) + e.getMessage());
    }
  }

  private void directive(Block block, Line line, String verb, List<String> args) throws Bad {
    int at = line.start().line();
    switch (verb) {
      case "go" -> {
        if (go != null) {
          throw new Bad("repeated go statement");
        }
        if (args.size() != 1) {
          throw new Bad("go directive expects exactly one argument");
        }
        if (!GO_VERSION.matcher(args.get(0)).matches()) {
          throw new Bad("invalid go version '" + args.get(0) + "': must match format 1.23.0");
        }
        go = args.get(0);
      }
      case "toolchain" -> {
        if (toolchain != null) {
          throw new Bad("repeated toolchain statement");
        }
        if (args.size() != 1) {
          throw new Bad("toolchain directive expects exactly one argument");
        }
        if (!TOOLCHAIN.matcher(args.get(0)).find()) {
          throw new Bad(
              "invalid toolchain version '"
                  + args.get(0)
                  + "': must match format go1.23.0 or default");
        }
        toolchain = args.get(0);
      }
      case "module" -> {
        if (moduleLine != null) {
          throw new Bad("repeated module statement");
        }
        moduleLine = line;
        Matcher m = DEPRECATED.matcher(directiveComment(block, line));
        deprecated = m.find() ? m.group(1) : "";
        if (args.size() != 1) {
          throw new Bad("usage: module module/path");
        }
        module = string(args.get(0));
      }
      case "godebug" -> {
        if (args.size() != 1 || args.get(0).matches("(?s).*[\"`',].*")) {
          throw new Bad("usage: godebug key=value");
        }
        int eq = args.get(0).indexOf('=');
        if (eq < 0) {
          throw new Bad("usage: godebug key=value");
        }
        godebugs.add(new Godebug(args.get(0).substring(0, eq), args.get(0).substring(eq + 1), at));
      }
      case "require", "exclude" -> {
        if (args.size() != 2) {
          throw new Bad("usage: " + verb + " module/path v1.2.3");
        }
        String path = string(args.get(0));
        String version = version(verb, path, args.get(1));
        String major = Semver.pathMajor(path).orElseThrow(() -> new Bad("invalid module path"));
        Optional<String> wrong = Semver.checkPathMajor(version, major);
        if (wrong.isPresent()) {
          throw new Bad(versionError(verb, path, version, wrong.get()));
        }
        ModuleVersion mv = moduleVersion(verb, path, version);
        if (verb.equals("require")) {
          requires.add(new Require(mv, isIndirect(line), at));
        } else {
          excludes.add(new Exclude(mv, at));
        }
      }
      case "replace" -> replaces.add(replace(line, args));
      case "retract" -> {
        String rationale = directiveComment(block, line);
        String[] interval = versionInterval(args);
        if (!args.isEmpty()) {
          throw new Bad("unexpected token after version: " + GoText.quote(args.get(0)));
        }
        retracts.add(new Retract(interval[0], interval[1], rationale, at));
      }
      case "tool", "ignore" -> {
        if (args.size() != 1) {
          throw new Bad(verb + " directive expects exactly one argument");
        }
        (verb.equals("tool") ? tools : ignores).add(string(args.get(0)));
      }
      default -> throw new Bad("unknown directive: " + verb);
    }
  }

  private Replace replace(Line line, List<String> args) throws Bad {
    int arrow = args.size() >= 2 && args.get(1).equals("=>") ? 1 : 2;
    if (args.size() < arrow + 2 || args.size() > arrow + 3 || !args.get(arrow).equals("=>")) {
      throw new Bad(
          "usage: replace module/path [v1.2.3] => other/module v1.4\n"
              + "\t or replace module/path [v1.2.3] => ../local/directory");
    }
    String oldPath = string(args.get(0));
    String major =
        Semver.pathMajor(oldPath)
            .orElseThrow(() -> new Bad("replace " + oldPath + ": invalid module path"));
    Optional<String> oldVersion = Optional.empty();
    if (arrow == 2) {
      String v = version("replace", oldPath, args.get(1));
      Optional<String> wrong = Semver.checkPathMajor(v, major);
      if (wrong.isPresent()) {
        throw new Bad(versionError("replace", oldPath, v, wrong.get()));
      }
      oldVersion = Optional.of(v);
    }
    String newPath = string(args.get(arrow + 1));
    Optional<String> newVersion = Optional.empty();
    if (args.size() == arrow + 2) {
      if (!Replace.isDirectoryPath(newPath)) {
        if (newPath.contains("@")) {
          throw new Bad("replacement module must match format 'path version', not 'path@version'");
        }
        throw new Bad(
            "replacement module without version must be directory path"
                + " (rooted or starting with . or ..)");
      }
      if (File.separatorChar == '/' && newPath.contains("\\")) {
        throw new Bad("replacement directory appears to be Windows path (on a non-windows system)");
      }
    } else {
      newVersion = Optional.of(version("replace", newPath, args.get(arrow + 2)));
      if (Replace.isDirectoryPath(newPath)) {
        throw new Bad(
            "replacement module directory path " + GoText.quote(newPath) + " cannot have version");
      }
    }
    return new Replace(oldPath, oldVersion, newPath, newVersion, line.start().line());
  }

  /** Consumes a version or {@code [low, high]} from the front of args. */
  private String[] versionInterval(List<String> args) throws Bad {
    if (args.isEmpty() || args.get(0).equals("(")) {
      throw new Bad("expected '[' or version");
    }
    if (!args.get(0).equals("[")) {
      String v = retractVersion(args.remove(0));
      return new String[] {v, v};
    }
    args.remove(0);
    if (args.isEmpty()) {
      throw new Bad("expected version after '['");
    }
    String low = retractVersion(args.remove(0));
    if (args.isEmpty() || !args.get(0).equals(",")) {
      throw new Bad("expected ',' after version");
    }
    args.remove(0);
    if (args.isEmpty()) {
      throw new Bad("expected version after ','");
    }
    String high = retractVersion(args.remove(0));
    if (args.isEmpty() || !args.get(0).equals("]")) {
      throw new Bad("expected ']' after version");
    }
    args.remove(0);
    return new String[] {low, high};
  }

  /**
   * A retract bound. Like go mod edit (modfile.Parse with no fixer), go takes it as written, only
   * unquoted; the go command proper would resolve a non-canonical one over the network.
   */
  private static String retractVersion(String token) throws Bad {
    try {
      return unquoted(token);
    } catch (Bad e) {
      throw new Bad(versionError("retract", "", token, e.getMessage()));
    }
  }

  /** modfile's parseString: a "quoted" token is unquoted; other quotes are reserved. */
  private static String string(String token) throws Bad {
    try {
      return unquoted(token);
    } catch (Bad e) {
      throw new Bad("invalid quoted string: " + e.getMessage());
    }
  }

  private static String unquoted(String token) throws Bad {
    if (token.startsWith("\"")) {
      try {
        return GoText.unquote(token);
      } catch (GoText.SyntaxError e) {
        throw new Bad(e.getMessage());
      }
    }
    if (token.contains("\"") || token.contains("'") || token.contains("`")) {
      throw new Bad("unquoted string cannot contain quote");
    }
    return token;
  }

  /** modfile's parseVersion with no fixer: the canonical form of a semantic version. */
  private static String version(String verb, String path, String token) throws Bad {
    String v;
    try {
      v = unquoted(token);
    } catch (Bad e) {
      throw new Bad(versionError(verb, path, token, e.getMessage()));
    }
    return Semver.canonical(v)
        .orElseThrow(() -> new Bad(versionError(verb, path, v, "must be of the form v1.2.3")));
  }

  private static String versionError(String verb, String path, String version, String why) {
    String directive = path.isEmpty() ? verb + ": " : verb + " " + path + ": ";
    return directive + "version " + GoText.quote(version) + " invalid: " + why;
  }

  /** go accepts any path here; Slipway's ModuleVersion is stricter, so say so at this line. */
  private static ModuleVersion moduleVersion(String verb, String path, String version) throws Bad {
    try {
      return new ModuleVersion(path, version);
    } catch (IllegalArgumentException e) {
      throw new Bad(verb + " " + path + ": malformed module path " + GoText.quote(path));
    }
  }

  private static boolean isIndirect(Line line) {
    if (line.suffix() == null) {
      return false;
    }
    List<String> f = GoText.fields(line.suffix().substring(2));
    return (f.size() == 1 && f.get(0).equals("indirect"))
        || (f.size() > 1 && f.get(0).equals("indirect;"));
  }

  /**
   * The comment text of a directive: the comments before it and after it on its line, or, if it has
   * none, those before its block. One line per comment, without the slashes.
   */
  private static String directiveComment(Block block, Line line) {
    List<String> before = line.before();
    String suffix = line.suffix();
    if (block != null && before.isEmpty() && suffix == null) {
      before = block.before();
    }
    List<String> lines = new ArrayList<>();
    for (String c : before) {
      if (c.startsWith("//")) {
        lines.add(GoText.trimSpace(c.substring(2)));
      }
    }
    if (suffix != null) {
      lines.add(GoText.trimSpace(suffix.substring(2)));
    }
    return String.join("\n", lines);
  }
}
