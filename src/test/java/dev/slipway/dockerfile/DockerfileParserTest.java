package dev.slipway.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.dockerfile.Instruction.CommandLine;
import dev.slipway.dockerfile.Instruction.KeyValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerfileParserTest {
  private static Dockerfile parse(String text) throws DockerfileException {
    return DockerfileParser.parse("Dockerfile", text);
  }

  private static Instruction at(Dockerfile file, int index) {
    return file.instructions().get(index);
  }

  @Test
  void directivesAtTheTopSetTheSyntaxAndTheEscapeCharacter() throws Exception {
    Dockerfile file =
        parse(
            """
            # syntax=docker/dockerfile:1.7
            #  ESCAPE = `

            FROM alpine
            RUN echo a \\ `
              b
            """);
    assertThat(file.syntax()).isEqualTo("docker/dockerfile:1.7");
    assertThat(file.escape()).isEqualTo('`');
    Instruction.Run run = (Instruction.Run) at(file, 1);
    assertThat(run.line()).isEqualTo(5);
    assertThat(run.command()).isEqualTo(new CommandLine(false, List.of("echo a \\   b")));
  }

  @Test
  void aDirectiveAfterAnyOtherCommentIsOnlyAComment() throws Exception {
    Dockerfile file =
        parse(
            """
            # About this image
            # escape=`
            FROM alpine
            RUN echo a \\
              b
            """);
    assertThat(file.escape()).isEqualTo('\\');
    assertThat(file.syntax()).isNull();
    assertThat(((Instruction.Run) at(file, 1)).command().text()).isEqualTo("echo a   b");
  }

  @Test
  void aRepeatedDirectiveIsAnErrorOnItsLine() {
    assertThatThrownBy(() -> parse("# escape=`\n# escape=\\\nFROM alpine\n"))
        .isInstanceOf(DockerfileException.class)
        .hasMessage("Dockerfile:2: only one escape parser directive can be used");
  }

  @Test
  void anEscapeOtherThanBackslashOrBacktickIsAnError() {
    assertThatThrownBy(() -> parse("# escape=x\nFROM alpine\n"))
        .isInstanceOf(DockerfileException.class)
        .hasMessageStartingWith("Dockerfile:1: invalid escape token 'x'");
  }

  @Test
  void continuationLinesSkipCommentsAndEmptyLinesAndKeepTheirLeadingSpace() throws Exception {
    Dockerfile file =
        parse(
            """
            FROM alpine
            RUN echo hello \\
            # a comment inside
              # an indented one

                world
            USER 65532
            """);
    Instruction.Run run = (Instruction.Run) at(file, 1);
    assertThat(run.line()).isEqualTo(2);
    assertThat(run.command().text()).isEqualTo("echo hello     world");
    assertThat(at(file, 2).line()).isEqualTo(7);
  }

  @Test
  void anEscapedEscapeAtTheEndOfALineDoesNotContinueIt() throws Exception {
    Dockerfile file = parse("FROM alpine\nRUN echo a\\\\\nUSER b\n");
    assertThat(((Instruction.Run) at(file, 1)).command().text()).isEqualTo("echo a\\\\");
    assertThat(at(file, 2)).isEqualTo(new Instruction.User(3, "b"));
  }

  @Test
  void instructionsAreCaseInsensitiveAndLeadingBlanksAreIgnored() throws Exception {
    Dockerfile file = parse("  from golang:1.22 as Build\n\twOrKdIr /src\n");
    assertThat(at(file, 0)).isEqualTo(new Instruction.From(1, "golang:1.22", "build", null));
    assertThat(at(file, 1)).isEqualTo(new Instruction.Workdir(2, "/src"));
  }

  @Test
  void fromTakesAPlatformAndAStageName() throws Exception {
    Dockerfile file = parse("FROM --platform=$BUILDPLATFORM golang:1.22 AS builder\n");
    assertThat(at(file, 0))
        .isEqualTo(new Instruction.From(1, "golang:1.22", "builder", "$BUILDPLATFORM"));
  }

  @Test
  void aJsonArrayIsTheExecFormAndAnythingElseTheShellForm() throws Exception {
    Dockerfile file =
        parse(
            """
            FROM alpine
            ENTRYPOINT ["/app/server", "--port", "8080"]
            CMD [not, json]
            RUN ["sh", "-c", "echo $HOME"]
            """);
    assertThat(((Instruction.Entrypoint) at(file, 1)).command())
        .isEqualTo(new CommandLine(true, List.of("/app/server", "--port", "8080")));
    assertThat(((Instruction.Cmd) at(file, 2)).command())
        .isEqualTo(new CommandLine(false, List.of("[not, json]")));
    assertThat(((Instruction.Run) at(file, 3)).command())
        .isEqualTo(new CommandLine(true, List.of("sh", "-c", "echo $HOME")));
  }

  @Test
  void aJsonArrayOfNonStringsIsAnError() {
    assertThatThrownBy(() -> parse("FROM alpine\n\nCMD [\"a\", 1]\n"))
        .isInstanceOf(DockerfileException.class)
        .hasMessage(
            "Dockerfile:3: when using JSON array syntax, arrays must be comprised of strings only");
  }

  @Test
  void runReadsAHeredocScriptAndTheNextInstructionKeepsItsLine() throws Exception {
    Dockerfile file =
        parse(
            """
            FROM golang:1.22
            RUN <<EOF
            set -e
            go build -o /out/app ./cmd/app
            EOF
            USER nonroot
            """);
    Instruction.Run run = (Instruction.Run) at(file, 1);
    assertThat(run.command().text()).isEqualTo("<<EOF");
    assertThat(run.heredocs())
        .containsExactly(
            new Heredoc("EOF", true, false, 0, "set -e\ngo build -o /out/app ./cmd/app\n"));
    assertThat(at(file, 2)).isEqualTo(new Instruction.User(6, "nonroot"));
  }

  @Test
  void severalHeredocsOnOneLineAreReadInOrderWithQuotingAndTabStripping() throws Exception {
    Dockerfile file =
        parse(
            """
            FROM alpine
            RUN <<-'ONE' cat > /a && 3<<TWO cat > /b
            \t\tfirst $X
            \tONE
            second
            TWO
            COPY <<"EOF" /etc/motd
            hi ${USER}
            EOF
            """);
    Instruction.Run run = (Instruction.Run) at(file, 1);
    assertThat(run.heredocs())
        .containsExactly(
            new Heredoc("ONE", false, true, 0, "first $X\n"),
            new Heredoc("TWO", true, false, 3, "second\n"));
    Instruction.Copy copy = (Instruction.Copy) at(file, 2);
    assertThat(copy.line()).isEqualTo(7);
    assertThat(copy.sources()).isEmpty();
    assertThat(copy.heredocs())
        .containsExactly(new Heredoc("EOF", false, false, 0, "hi ${USER}\n"));
    assertThat(copy.destination()).isEqualTo("/etc/motd");
  }

  @Test
  void anUnterminatedHeredocNamesTheLineThatOpenedIt() {
    assertThatThrownBy(() -> parse("FROM alpine\nRUN <<EOF\necho hi\nEOF2\n"))
        .isInstanceOf(DockerfileException.class)
        .hasMessageStartingWith("Dockerfile:2: unterminated heredoc <<EOF");
  }

  @Test
  void heredocMarkersInsideQuotesOrExecFormAreNotHeredocs() throws Exception {
    Dockerfile file = parse("FROM alpine\nRUN echo \"<<EOF\"\nRUN [\"cat\", \"<<EOF\"]\nUSER x\n");
    assertThat(((Instruction.Run) at(file, 1)).heredocs()).isEmpty();
    assertThat(((Instruction.Run) at(file, 2)).heredocs()).isEmpty();
    assertThat(at(file, 3).line()).isEqualTo(4);
  }

  @Test
  void copyReadsEveryFlagAndSeveralSources() throws Exception {
    Dockerfile file =
        parse(
            "FROM alpine\n"
                + "COPY --from=build --chown=app:app --chmod=0755 --link --parents"
                + " --exclude=*.md --exclude=docs a b/c /dst/\n");
    assertThat(at(file, 1))
        .isEqualTo(
            new Instruction.Copy(
                2,
                false,
                "build",
                "app:app",
                "0755",
                true,
                true,
                List.of("*.md", "docs"),
                List.of("a", "b/c"),
                "/dst/",
                List.of()));
  }

  @Test
  void copyInJsonFormKeepsSpacesInPaths() throws Exception {
    Dockerfile file = parse("FROM alpine\nCOPY [\"my file\", \"/my dir/\"]\n");
    Instruction.Copy copy = (Instruction.Copy) at(file, 1);
    assertThat(copy.sources()).containsExactly("my file");
    assertThat(copy.destination()).isEqualTo("/my dir/");
  }

  @Test
  void addIsACopyThatMayTakeUrls() throws Exception {
    Dockerfile file =
        parse("FROM alpine\nADD --checksum=sha256:abc https://x.example/a.tgz /opt/\n");
    Instruction.Copy add = (Instruction.Copy) at(file, 1);
    assertThat(add.add()).isTrue();
    assertThat(add.keyword()).isEqualTo("ADD");
    assertThat(add.sources()).containsExactly("https://x.example/a.tgz");
  }

  @Test
  void envAndLabelTakeBothFormsAndKeepQuotesForSubstitution() throws Exception {
    Dockerfile file =
        parse(
            """
            FROM alpine
            ENV GREETING hello   big world
            ENV K=V K2="v 2" K3=a\\ b
            LABEL org.opencontainers.image.title="my app" team=core
            """);
    assertThat(at(file, 1))
        .isEqualTo(new Instruction.Env(2, List.of(new KeyValue("GREETING", "hello   big world"))));
    assertThat(at(file, 2))
        .isEqualTo(
            new Instruction.Env(
                3,
                List.of(
                    new KeyValue("K", "V"),
                    new KeyValue("K2", "\"v 2\""),
                    new KeyValue("K3", "a\\ b"))));
    assertThat(at(file, 3))
        .isEqualTo(
            new Instruction.Label(
                4,
                List.of(
                    new KeyValue("org.opencontainers.image.title", "\"my app\""),
                    new KeyValue("team", "core"))));
  }

  @Test
  void envWithAPairMissingItsEqualsSignIsAnError() {
    assertThatThrownBy(() -> parse("FROM alpine\nENV A=1 B\n"))
        .isInstanceOf(DockerfileException.class)
        .hasMessageStartingWith("Dockerfile:2: Syntax error - can't find = in \"B\"");
  }

  @Test
  void argTakesNamesWithAndWithoutDefaults() throws Exception {
    Dockerfile file = parse("ARG GO_VERSION=1.22 TARGETARCH\nFROM golang:${GO_VERSION}\n");
    assertThat(at(file, 0))
        .isEqualTo(
            new Instruction.Arg(
                1, List.of(new KeyValue("GO_VERSION", "1.22"), new KeyValue("TARGETARCH", null))));
  }

  @Test
  void exposeUserAndRunMountsAreRead() throws Exception {
    Dockerfile file =
        parse(
            """
            FROM golang
            RUN --mount=type=cache,target=/root/.cache/go-build --network=none go build ./...
            EXPOSE 8080 9090/udp
            USER nonroot:nonroot
            """);
    Instruction.Run run = (Instruction.Run) at(file, 1);
    assertThat(run.mounts()).containsExactly("type=cache,target=/root/.cache/go-build");
    assertThat(run.network()).isEqualTo("none");
    assertThat(run.command().text()).isEqualTo("go build ./...");
    assertThat(at(file, 2)).isEqualTo(new Instruction.Expose(3, List.of("8080", "9090/udp")));
    assertThat(at(file, 3)).isEqualTo(new Instruction.User(4, "nonroot:nonroot"));
  }

  @Test
  void instructionsInitDoesNotTranslateAreKeptWithTheirArguments() throws Exception {
    Dockerfile file =
        parse(
            """
            FROM alpine
            VOLUME /data
            HEALTHCHECK --interval=5s CMD wget -q localhost
            SHELL ["/bin/bash", "-c"]
            ONBUILD RUN echo hi
            STOPSIGNAL SIGTERM
            """);
    assertThat(file.instructions().subList(1, 6))
        .containsExactly(
            new Instruction.Other(2, "VOLUME", "/data"),
            new Instruction.Other(3, "HEALTHCHECK", "CMD wget -q localhost"),
            new Instruction.Other(4, "SHELL", "[\"/bin/bash\", \"-c\"]"),
            new Instruction.Other(5, "ONBUILD", "RUN echo hi"),
            new Instruction.Other(6, "STOPSIGNAL", "SIGTERM"));
  }

  @Test
  void syntaxErrorsNameTheLineAndWhatIsWrong() {
    assertThatThrownBy(() -> parse("FROM alpine\nCOPY only-one\n"))
        .hasMessageStartingWith("Dockerfile:2: COPY requires at least two arguments");
    assertThatThrownBy(() -> parse("FROM alpine\nFETCH x\n"))
        .hasMessage("Dockerfile:2: unknown instruction: FETCH");
    assertThatThrownBy(() -> parse("FROM alpine\nCOPY --form=build a b\n"))
        .hasMessage("Dockerfile:2: unknown flag: --form");
    assertThatThrownBy(() -> parse("FROM alpine\nCOPY --link=maybe a b\n"))
        .hasMessage("Dockerfile:2: expecting boolean value for flag --link, not: maybe");
    assertThatThrownBy(() -> parse("FROM alpine AS\n"))
        .hasMessage("Dockerfile:1: FROM requires either one or three arguments");
    assertThatThrownBy(() -> parse("FROM alpine AS 1st\n"))
        .hasMessageStartingWith("Dockerfile:1: invalid name for build stage: \"1st\"");
    assertThatThrownBy(() -> parse("FROM alpine\nSHELL /bin/bash -c\n"))
        .hasMessageStartingWith("Dockerfile:2: SHELL requires the arguments to be in JSON form");
    assertThatThrownBy(() -> parse("# just a comment\n\n"))
        .hasMessageContaining("file with no instructions");
  }
}
