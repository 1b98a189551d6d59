package dev.slipway.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.UsageException;
import dev.slipway.testing.TestEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Go text/template, run as ko runs it ({@code Option("missingkey=error")}, the same data),
 * judges every template: where Slipway renders, Go must render the same text; where Go fails,
 * Slipway must fail; Slipway may fail where Go does not only to say it does not support something.
 * An integration test: it compiles text/template, which takes a busy machine tens of seconds.
 */
@Tag("integration")
class KoTemplateGoCrossCheckTest {
  private static final List<String> TEMPLATES =
      List.of(
          "-X main.version=1 -s -w",
          "-X main.version={{.Env.VERSION}}",
          "{{.Git.ShortCommit}}-{{.Git.Tag}}@{{.Git.Branch}}",
          "{{.Git.FullCommit}} {{.Git.TreeState}} {{.Git.CommitDate}}",
          "{{.Git.IsDirty}}/{{.Git.IsClean}}",
          "{{.Git.CommitTimestamp}} {{.Timestamp}} {{.Date}}",
          "{{.GoEnv.GOOS}}/{{.GoEnv.GOARCH}} [{{.Env.LDFLAGS}}] [{{.Env.EMPTY}}]",
          "a  {{- .Env.VERSION -}}  b",
          "a \n\t {{- .Env.VERSION}} \n b",
          "a {{.Env.VERSION   -}}\r\n b",
          "a {{-\n.Env.VERSION\n-}} b",
          "{{\n.Env.VERSION\n}}",
          "a {{-.Env.VERSION}}",
          "a {{.Env.VERSION-}}",
          "a {{/* note */}} b",
          "a {{- /* note */ -}} b",
          "a {{/* note */ -}} b",
          "{{/* }} is no end */}}x",
          "{{/* note */ }}",
          "{{ /* note */ }}",
          "{{/* note",
          "{{index .Env \"WITH-DASH\"}}",
          "{{ index  .Env  \"a\\tb\" }}",
          "{{index .Env \"W\\x49TH-\\u0044ASH\"}}{{index .Env \"\\127ITH\\055DASH\"}}",
          "{{index .Env `WITH-DASH`}}",
          "[{{index .Env \"UNSET\"}}]",
          "{{index .Git \"Unknown\"}}",
          "{{index .Git \"Tag\"}}",
          "{{index .Git.Tag \"x\"}}",
          "{{index .Env \"VERSION\" \"x\"}}",
          "{{index .Env \"\\q\"}}",
          "{{index .Env \"X}}",
          "{{index.Env \"VERSION\"}}",
          "{{index .Env}}",
          "{{.Env.ÄÖ}}",
          "{{.Env.UNSET}}",
          "{{.Git.Unknown}}",
          "{{.Unknown}}",
          "{{.Env.VERSION.X}}",
          "{{.Env. .VERSION}}",
          "{{.Env.VERSION .Env.VERSION}}",
          "{{.Env.VERSION}}{{",
          "{{}}",
          "{{ }}",
          "}} {{\"{{\"}} }}",
          "{{.}}",
          "{{.Git}}",
          "{{.Env.VERSION | printf \"%s\"}}",
          "{{if .Git.IsDirty}}d{{end}}",
          "{{$x := 1}}",
          "{{end}}",
          "{{nosuchfunc}}");

  private static final Map<String, String> ENV =
      Map.of(
          "LDFLAGS", "",
          "VERSION", "1.2.3",
          "EMPTY", "",
          "WITH-DASH", "dashed",
          "a\tb", "tabbed",
          "ÄÖ", "umlauts");
  private static final Map<String, String> GO_ENV = Map.of("GOOS", "linux", "GOARCH", "arm64");
  private static final KoGitInfo GIT =
      new KoGitInfo("main", "v1.2.3", "abc1234", "abc1234" + "0".repeat(33), 1700000000L, false);
  private static final String DATE = "2024-01-02T03:04:05Z";
  private static final long TIMESTAMP = 1704164645L;

  @TempDir Path dir;

  @Test
  void slipwayRendersWhatGoRendersAndFailsWhereGoFails() throws Exception {
    Map<String, Object> data =
        Map.of(
            "Env",
            ENV,
            "GoEnv",
            GO_ENV,
            "Git",
            GIT.templateValue(),
            "Date",
            DATE,
            "Timestamp",
            TIMESTAMP);
    List<Result> go = runGo();

    List<String> disagreements = new ArrayList<>();
    int rendered = 0;
    int failed = 0;
    for (int i = 0; i < TEMPLATES.size(); i++) {
      Result ours = slipway(TEMPLATES.get(i), data);
      Result theirs = go.get(i);
      boolean agree =
          ours.equals(theirs)
              || (ours.error() && theirs.error())
              || (ours.error() && ours.text().contains("not supported"));
      if (!agree) {
        disagreements.add(TEMPLATES.get(i) + "\n  slipway: " + ours + "\n  go:      " + theirs);
      }
      rendered += !ours.error() && !theirs.error() ? 1 : 0;
      failed += ours.error() && theirs.error() ? 1 : 0;
    }

    assertThat(disagreements).isEmpty();
    assertThat(rendered).as("templates both render").isGreaterThanOrEqualTo(20);
    assertThat(failed).as("templates both reject").isGreaterThanOrEqualTo(15);
  }

  /** What Slipway made of a template: the text, or the error message. */
  private record Result(boolean error, String text) {}

  private static Result slipway(String template, Map<String, Object> data) {
    try {
      return new Result(false, KoTemplate.parse("t", template).render(data));
    } catch (UsageException e) {
      assertThat(e.getMessage()).startsWith("t: ");
      return new Result(true, e.getMessage());
    }
  }

  /** Each template through ko's applyTemplating, in a Go program with the same data. */
  private List<Result> runGo() throws Exception {
    Path module = Files.createDirectories(dir.resolve("m"));
    Path cases = Files.createDirectories(dir.resolve("cases"));
    for (int i = 0; i < TEMPLATES.size(); i++) {
      Files.writeString(cases.resolve(i + ".tmpl"), TEMPLATES.get(i));
    }
    Files.writeString(module.resolve("go.mod"), "module example.com/kotemplate\n\ngo 1.21\n");
    Files.writeString(module.resolve("main.go"), program());
    ProcessBuilder pb =
        new ProcessBuilder("go", "run", ".", cases.toString())
            .directory(module.toFile())
            .redirectErrorStream(true);
    pb.environment().clear();
    // Cold: a warm GOCACHE holds little of text/template, and copying it costs as much as it saves.
    pb.environment().putAll(TestEnvironment.cold(dir.resolve("env")));
    pb.environment().put("GOFLAGS", "-mod=mod");
    pb.environment().put("GOWORK", "off");
    Process process = pb.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("go run:\n" + output).isZero();
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < TEMPLATES.size(); i++) {
      Path out = cases.resolve(i + ".out");
      results.add(
          Files.exists(out)
              ? new Result(false, Files.readString(out))
              : new Result(true, Files.readString(cases.resolve(i + ".err"))));
    }
    return results;
  }

  private static String program() {
    Map<String, Object> git = new TreeMap<>(GIT.templateValue());
    StringBuilder gitLiteral = new StringBuilder();
    git.forEach(
        (k, v) ->
            gitLiteral
                .append(quote(k))
                .append(": ")
                .append(
                    v instanceof String s
                        ? quote(s)
                        : v instanceof Long n ? "int64(" + n + ")" : v.toString())
                .append(",\n"));
    return """
        package main

        import (
        \t"os"
        \t"path/filepath"
        \t"strconv"
        \t"strings"
        \t"text/template"
        )

        func main() {
        \tdata := map[string]any{
        \t\t"Env": %s,
        \t\t"GoEnv": %s,
        \t\t"Git": map[string]any{%s},
        \t\t"Date": %s,
        \t\t"Timestamp": int64(%d),
        \t}
        \tfor i := 0; ; i++ {
        \t\tbase := filepath.Join(os.Args[1], strconv.Itoa(i))
        \t\tsrc, err := os.ReadFile(base + ".tmpl")
        \t\tif err != nil {
        \t\t\treturn
        \t\t}
        \t\tvar out strings.Builder
        \t\ttmpl, err := template.New("argsTmpl").Option("missingkey=error").Parse(string(src))
        \t\tif err == nil {
        \t\t\terr = tmpl.Execute(&out, data)
        \t\t}
        \t\tif err != nil {
        \t\t\tos.WriteFile(base+".err", []byte(err.Error()), 0o644)
        \t\t} else {
        \t\t\tos.WriteFile(base+".out", []byte(out.String()), 0o644)
        \t\t}
        \t}
        }
        """
        .formatted(stringMap(ENV), stringMap(GO_ENV), gitLiteral, quote(DATE), TIMESTAMP);
  }

  private static String stringMap(Map<String, String> map) {
    StringBuilder literal = new StringBuilder("map[string]string{");
    new TreeMap<>(map)
        .forEach((k, v) -> literal.append(quote(k)).append(": ").append(quote(v)).append(", "));
    return literal.append('}').toString();
  }

  /** A Go string literal: every character outside printable ASCII as a \\u escape. */
  private static String quote(String s) {
    StringBuilder q = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        q.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        q.append(String.format("\\u%04x", (int) c));
      } else {
        q.append(c);
      }
    }
    return q.append('"').toString();
  }
}
