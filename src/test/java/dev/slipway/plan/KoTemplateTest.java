package dev.slipway.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.slipway.core.UsageException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class KoTemplateTest {
  private static final String WHERE = ".ko.yaml:12:7";

  /** ko's data, abridged: Env and GoEnv are string maps, Git is not. */
  static final Map<String, Object> DATA =
      Map.of(
          "Env",
          Map.of("LDFLAGS", "", "VERSION", "1.2.3", "WITH-DASH", "dashed", "a\tb", "tabbed"),
          "GoEnv",
          Map.of("GOOS", "linux", "GOARCH", "arm64"),
          "Git",
          new KoGitInfo("main", "v1.2.3", "abc1234", "abc1234" + "0".repeat(33), 1700000000L, true)
              .templateValue(),
          "Date",
          "2024-01-02T03:04:05Z",
          "Timestamp",
          1704164645L);

  private static String render(String text) throws UsageException {
    return KoTemplate.parse(WHERE, text).render(DATA);
  }

  @Test
  void onlyTextWithoutAnyActionIsPlainAndBothNeedNoData() throws Exception {
    KoTemplate text = KoTemplate.parse(WHERE, "-X main.version=1 }} {");
    KoTemplate comment = KoTemplate.parse(WHERE, "a{{/* note */}}b");

    assertThat(List.of(text.isPlain(), comment.isPlain())).containsExactly(true, false);
    assertThat(List.of(text.roots(), comment.roots())).allMatch(Set::isEmpty);
    assertThat(List.of(text.render(Map.of()), comment.render(Map.of())))
        .containsExactly("-X main.version=1 }} {", "ab");
  }

  @Test
  void fieldChainsPrintStringsNumbersAndBooleansAsGoDoes() throws Exception {
    assertThat(
            render(
                "-X main.v={{.Env.VERSION}} -X main.c={{.Git.ShortCommit}}"
                    + " -X main.t={{.Timestamp}} -X main.d={{.Git.IsDirty}}/{{.Git.IsClean}}"
                    + " {{.Git.CommitTimestamp}} {{.Date}} {{.GoEnv.GOOS}} [{{.Env.LDFLAGS}}]"))
        .isEqualTo(
            "-X main.v=1.2.3 -X main.c=abc1234 -X main.t=1704164645 -X main.d=true/false"
                + " 1700000000 2024-01-02T03:04:05Z linux []");
  }

  @Test
  void integersPrintInDecimal() throws Exception {
    assertThat(KoTemplate.parse(WHERE, "{{.N}}").render(Map.of("N", -42))).isEqualTo("-42");
  }

  @Test
  void rootsNameTheTopLevelDataTheTemplateReads() throws Exception {
    KoTemplate template =
        KoTemplate.parse(WHERE, "{{.Git.Tag}}{{index .Env \"X\"}}{{.Git.Branch}}{{/* .Date */}}");

    assertThat(template.isPlain()).isFalse();
    assertThat(template.roots()).containsExactlyInAnyOrder("Git", "Env");
  }

  /** Trim markers trim all adjacent whitespace; comments print nothing; index and strings. */
  static Stream<Arguments> templatesRenderAsGoRendersThem() {
    return Stream.of(
        arguments("a  {{- .Env.VERSION -}}  b", "a1.2.3b"),
        arguments("a \n\t {{- .Env.VERSION}} \n b", "a1.2.3 \n b"),
        arguments("a {{.Env.VERSION -}}\n\r\t b", "a 1.2.3b"),
        arguments("a {{.Env.VERSION   -}} b", "a 1.2.3b"),
        arguments("a {{-\n.Env.VERSION\n-}} b", "a1.2.3b"),
        arguments("a {{ .Env.VERSION }} b", "a 1.2.3 b"),
        arguments("a {{- /* note */ -}} b", "ab"),
        arguments("a {{/* note */ -}} b", "a b"),
        arguments("a {{- /* note */}} b", "a b"),
        arguments("{{/* }} is no end */}}x", "x"),
        arguments("{{/* a\nlonger note */}}x", "x"),
        arguments(" {{- .Env.VERSION -}} ", "1.2.3"),
        arguments("a{{.Env.VERSION}}{{.Env.VERSION}}b", "a1.2.31.2.3b"),
        arguments("{{index .Env \"WITH-DASH\"}}", "dashed"),
        arguments("{{index .Env \"a\\tb\"}}", "tabbed"),
        arguments("{{index .Env \"W\\x49TH-\\u0044ASH\"}}", "dashed"),
        arguments("{{index .Env \"\\127ITH\\055DASH\"}}", "dashed"),
        arguments("{{index .Env `WITH-DASH`}}", "dashed"),
        arguments("{{index .Git \"Tag\"}}", "v1.2.3"),
        arguments("[{{index .Env \"UNSET\"}}]", "[]"),
        arguments("{{index .Git \"Unknown\"}}", "<no value>"),
        arguments("{{ index  .Env  \"VERSION\" }}", "1.2.3"),
        arguments("{{\"{{\"}}", "{{"),
        arguments("{{\"a\\\"b\\\\c\"}}", "a\"b\\c"));
  }

  @ParameterizedTest
  @MethodSource
  void templatesRenderAsGoRendersThem(String text, String expected) throws Exception {
    assertThat(render(text)).isEqualTo(expected);
  }

  @Test
  void aMissingEnvironmentVariableIsAnErrorNamingIt() {
    assertThatThrownBy(() -> render("-X main.v={{.Env.UNSET}}"))
        .isInstanceOf(UsageException.class)
        .hasMessage(WHERE + ": {{.Env.UNSET}}: UNSET is not set in the build's environment");
  }

  @Test
  void aMissingKeyOfASmallMapIsAnErrorListingItsKeys() {
    assertThatThrownBy(() -> render("{{.Git.Commit}}"))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            WHERE
                + ": {{.Git.Commit}}: .Git has no key \"Commit\"; it has Branch, CommitDate,"
                + " CommitTimestamp, FullCommit, IsClean, IsDirty, ShortCommit, Tag, TreeState");
    assertThatThrownBy(() -> render("{{.Version}}"))
        .hasMessage(
            WHERE
                + ": {{.Version}}: the data has no key \"Version\"; it has Date, Env, Git, GoEnv,"
                + " Timestamp");
  }

  @Test
  void fieldsOfAStringAndIndexesOfANumberAreErrors() {
    assertThatThrownBy(() -> render("{{.Env.VERSION.Major}}"))
        .hasMessage(WHERE + ": {{.Env.VERSION.Major}}: .Env.VERSION is a string: it has no fields");
    assertThatThrownBy(() -> render("{{index .Timestamp \"x\"}}"))
        .hasMessage(WHERE + ": {{index .Timestamp \"x\"}}: cannot index a number with \"x\"");
    assertThatThrownBy(() -> render("{{index .Git \"Nope\" \"x\"}}"))
        .hasMessageEndingWith(": cannot index no value with \"x\"");
  }

  /** A template, the action its error shows, and the problem it names. */
  static Stream<Arguments> everythingElseIsAnErrorNamingTheActionAndTheProblem() {
    return Stream.of(
        arguments(
            "-X a={{.Env.A | printf \"%s\"}} -X b", "{{.Env.A | printf \"%s\"}}", "pipes (|)"),
        arguments("{{printf \"%s\" .Env.A}}", "{{printf \"%s\" .Env.A}}", "the function printf"),
        arguments("a{{if .Git.IsDirty}}d{{end}}", "{{if .Git.IsDirty}}", "{{if}} actions"),
        arguments("{{range .Env}}x{{end}}", "{{range .Env}}", "{{range}} actions"),
        arguments("{{with .Git}}x{{end}}", "{{with .Git}}", "{{with}} actions"),
        arguments("{{$x := .Env.VERSION}}", "{{$x := .Env.VERSION}}", "variables ($)"),
        arguments("{{(index .Env \"X\")}}", "{{(index .Env \"X\")}}", "parentheses"),
        arguments("x {{.}} y", "{{.}}", "printing all of the data ({{.}}) is not supported"),
        arguments("{{.Git}}", "{{.Git}}", "printing a whole map is not supported"),
        arguments("{{index .Env}}", "{{index .Env}}", "index without a key prints a whole map"),
        arguments("{{true}}", "{{true}}", "the constant true is not supported"),
        arguments("{{1}}", "{{1}}", "numbers are not supported"),
        arguments("{{.Env.VERSION}}{{", "{{", "the action is never closed"),
        arguments("a {{.Env.VERSION", "{{.Env.VERSION", "the action is never closed"),
        arguments("{{/* note", "{{/* note", "the comment is never closed"),
        arguments("{{/* note */ }}", "{{/* note */ }}", "a comment must end with */}} or */ -}}"),
        arguments("a{{}}b", "{{}}", "the action is empty"),
        arguments("{{ }}", "{{ }}", "the action is empty"),
        arguments("a {{-.Env.VERSION}}", "{{-.Env.VERSION}}", "a trim marker needs a space"),
        arguments("{{.Env.VERSION-}} a", "{{.Env.VERSION-}}", "bad character '-' after .VERSION"),
        arguments("{{.Env. .VERSION}}", "{{.Env. .VERSION}}", "an action holds one value"),
        arguments("{{.Env.A .Env.B}}", "{{.Env.A .Env.B}}", "an action holds one value"),
        arguments("{{index.Env \"X\"}}", "{{index.Env \"X\"}}", "index takes a field and keys"),
        arguments("{{index .Env .Env.X}}", "{{index .Env .Env.X}}", "index takes quoted keys"),
        arguments("{{index .Env \"X\"\"Y\"}}", "{{index .Env \"X\"\"Y\"}}", "takes quoted keys"),
        arguments("{{index .Env \"X}}", "{{index .Env \"X}}", "the string is never closed"),
        arguments("{{index .Env \"\\q\"}}", "{{index .Env \"\\q\"}}", "bad escape \\q in"),
        arguments("{{index .Env \"\\'\"}}", "{{index .Env \"\\'\"}}", "bad escape \\' in"),
        arguments("{{index .Env \"\\400\"}}", "{{index .Env \"\\400\"}}", "bad escape \\4 in"),
        arguments("{{index .Env \"\\ud800\"}}", "{{index .Env \"\\ud800\"}}", "bad escape \\u"),
        arguments("{{index .Env \"\\U00110000\"}}", "{{index .Env \"\\U00110000\"}}", "\\U in"),
        arguments("{{index .Env \"\\xff\"}}", "{{index .Env \"\\xff\"}}", "not UTF-8"),
        arguments("{{index .Env `X}}", "{{index .Env `X}}", "the raw string is never closed"),
        arguments("{{.Env.VERSION,}}", "{{.Env.VERSION,}}", "unexpected ','"));
  }

  @ParameterizedTest
  @MethodSource
  void everythingElseIsAnErrorNamingTheActionAndTheProblem(
      String text, String action, String problem) {
    assertThatThrownBy(() -> render(text))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith(WHERE + ": " + action + ": ")
        .hasMessageContaining(problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{{.Env.UNSET}}", "{{.Git}}", "{{.Env.VERSION.X}}"})
  void errorsOfRenderingComeFromRenderNotParse(String text) throws Exception {
    KoTemplate template = KoTemplate.parse(WHERE, text);

    assertThatThrownBy(() -> template.render(DATA)).isInstanceOf(UsageException.class);
  }
}
