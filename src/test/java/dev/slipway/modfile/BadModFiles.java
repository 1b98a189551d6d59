package dev.slipway.modfile;

import java.util.List;

/** Malformed go.mod files and the message go gives for each, the file named {@code go.mod}. */
final class BadModFiles {
  private BadModFiles() {}

  record Case(String content, String message) {
    @Override
    public String toString() {
      return message.lines().findFirst().orElse("");
    }
  }

  private static final String M = "module example.com/m\n";

  /** Cases where go mod edit gives exactly this message. */
  static final List<Case> SAME_AS_GO =
      List.of(
          new Case(M + "bogus x\n", "go.mod:2: unknown directive: bogus"),
          new Case(M + "  bogus x\n", "go.mod:2:3: unknown directive: bogus"),
          new Case(M + "bogus (\n x\n)\n", "go.mod:2: unknown block type: bogus"),
          new Case(M + "go (\n 1.21\n)\n", "go.mod:2: unknown block type: go"),
          new Case(M + "require a b (\n)\n", "go.mod:2: unknown block type: require a b"),
          new Case(M + "require example.com/a\n", "go.mod:2: usage: require module/path v1.2.3"),
          new Case(
              M + "exclude example.com/a v1 v2\n", "go.mod:2: usage: exclude module/path v1.2.3"),
          new Case(
              M + "require (\n\texample.com/a 1.2.3\n)\n",
              "go.mod:3:2: require example.com/a: version \"1.2.3\" invalid: must be of the form"
                  + " v1.2.3"),
          new Case(
              M + "require example.com/a master\n",
              "go.mod:2: require example.com/a: version \"master\" invalid: must be of the form"
                  + " v1.2.3"),
          new Case(
              M + "require example.com/a/v2 v1.0.0\n",
              "go.mod:2: require example.com/a/v2: version \"v1.0.0\" invalid: should be v2, not v1"),
          new Case(
              M + "require example.com/a v2.0.0\n",
              "go.mod:2: require example.com/a: version \"v2.0.0\" invalid: should be v0 or v1,"
                  + " not v2"),
          new Case(M + "require example.com/a/v1 v1.0.0\n", "go.mod:2: invalid module path"),
          new Case(
              M + "require `example.com/a` v1.0.0\n",
              "go.mod:2: invalid quoted string: unquoted string cannot contain quote"),
          new Case(
              M + "require \"example.com/\\q\" v1.0.0\n",
              "go.mod:2: invalid quoted string: invalid syntax"),
          new Case(
              M + "require example.com/a v1'\n",
              "go.mod:2: require example.com/a: version \"v1'\" invalid: unquoted string cannot"
                  + " contain quote"),
          new Case(
              M + "require \"example.com/a v1.0.0\n", "go.mod:2:30: unexpected newline in string"),
          new Case(M + "require \"example.com/a", "go.mod:2:9: unexpected EOF in string"),
          new Case(
              M + "require (\n example.com/a v1.0.0\n",
              "go.mod:4: syntax error (unterminated" + " block started at go.mod:2:1)"),
          new Case(
              M + "require (\n example.com/a v1.0.0\n) x\n",
              "go.mod:4:4: syntax error (expected newline after closing paren)"),
          new Case(
              M + "/* no */\n", "go.mod:2: mod files must use // comments (not /* */ comments)"),
          new Case(
              M + "require a/* b\n",
              "go.mod:2:10: mod files must use // comments (not /* */ comments)"),
          new Case(M + "require \u0001\n", "go.mod:2:9: unexpected input character '\\x01'"),
          new Case(M + "require \u00a0x\n", "go.mod:2:9: unexpected input character '\\u00a0'"),
          new Case(M + "go 1.21.0 x\n", "go.mod:2: go directive expects exactly one argument"),
          new Case(M + "go 1.21\ngo 1.22\n", "go.mod:3: repeated go statement"),
          new Case(
              M + "go v1.21\n", "go.mod:2: invalid go version 'v1.21': must match format 1.23.0"),
          new Case(
              M + "go 1.021\n", "go.mod:2: invalid go version '1.021': must match format 1.23.0"),
          new Case(
              M + "toolchain 1.21\n",
              "go.mod:2: invalid toolchain version '1.21': must match format go1.23.0 or default"),
          new Case(
              M + "toolchain go1.21 x\n",
              "go.mod:2: toolchain directive expects exactly one argument"),
          new Case(
              M + "toolchain go1.21\ntoolchain go1.22\n", "go.mod:3: repeated toolchain statement"),
          new Case(M + "module example.com/n\n", "go.mod:2: repeated module statement"),
          new Case("module a b\n", "go.mod:1: usage: module module/path"),
          new Case(M + "godebug x\n", "go.mod:2: usage: godebug key=value"),
          new Case(M + "godebug x='1'\n", "go.mod:2: usage: godebug key=value"),
          new Case(
              M + "replace example.com/a => example.com/b\n",
              "go.mod:2: replacement module without version must be directory path (rooted or"
                  + " starting with . or ..)"),
          new Case(
              M + "replace example.com/a => example.com/b@v1.0.0\n",
              "go.mod:2: replacement module must match format 'path version', not"
                  + " 'path@version'"),
          new Case(
              M + "replace example.com/a => ./b v1.0.0\n",
              "go.mod:2: replacement module directory path \"./b\" cannot have version"),
          new Case(
              M + "replace example.com/a => C:\\b\n",
              "go.mod:2: replacement directory appears to be Windows path (on a non-windows"
                  + " system)"),
          new Case(
              M + "replace example.com/a v1.0.0\n",
              "go.mod:2: usage: replace module/path [v1.2.3] => other/module v1.4\n"
                  + "\t or replace module/path [v1.2.3] => ../local/directory"),
          new Case(
              M + "replace example.com/a/v1 => ./a\n",
              "go.mod:2: replace example.com/a/v1: invalid module path"),
          new Case(
              M + "replace example.com/a/v2 v1.0.0 => ./a\n",
              "go.mod:2: replace example.com/a/v2: version \"v1.0.0\" invalid: should be v2, not"
                  + " v1"),
          new Case(
              M + "replace example.com/a => example.com/b x\n",
              "go.mod:2: replace example.com/b: version \"x\" invalid: must be of the form v1.2.3"),
          new Case(M + "retract\n", "go.mod:2: expected '[' or version"),
          new Case(M + "retract [\n", "go.mod:2: expected version after '['"),
          new Case(M + "retract [v1.0.0 v1.1.0]\n", "go.mod:2: expected ',' after version"),
          new Case(M + "retract [v1.0.0,]\n", "go.mod:2: expected ']' after version"),
          new Case(M + "retract [v1.0.0, v1.1.0\n", "go.mod:2: expected ']' after version"),
          new Case(
              M + "retract v1.0.0 v1.1.0\n",
              "go.mod:2: unexpected token after version: \"v1.1.0\""),
          new Case(
              M + "retract v1'\n",
              "go.mod:2: retract: version \"v1'\" invalid: unquoted string cannot contain quote"),
          new Case(M + "tool\n", "go.mod:2: tool directive expects exactly one argument"),
          new Case(M + "ignore a b\n", "go.mod:2: ignore directive expects exactly one argument"),
          new Case(
              M + "bogus\nrequire example.com/a\n  nope\n",
              """
              go.mod:2: unknown directive: bogus
              go.mod:3: usage: require module/path v1.2.3
              go.mod:4:3: unknown directive: nope\
              """));

  /** Cases go mod edit accepts but the go command refuses later, or Slipway refuses. */
  static final List<Case> SLIPWAY_ONLY =
      List.of(
          new Case(
              "go 1.21\n",
              "go.mod: missing module declaration. To specify the module path:\n"
                  + "\tgo mod edit -module=example.com/mod"),
          new Case("module \"\"\n", "go.mod:1: invalid module path: \"\""),
          new Case(
              M + "require example.com/a%b v1.0.0\n",
              "go.mod:2: require example.com/a%b: malformed module path \"example.com/a%b\""),
          new Case(
              M + "replace example.com/a => ./a\nreplace example.com/a => ./b\n",
              "go.mod:3: conflicting replacements for example.com/a:\n\t./a\n\t./b"));
}
