package dev.slipway.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.dockerfile.Instruction.KeyValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StagesTest {
  private static List<Stage> stages(String text, Map<String, String> buildArgs)
      throws DockerfileException {
    return Stages.of(DockerfileParser.parse("Dockerfile", text), buildArgs);
  }

  private static Instruction step(Stage stage, int index) {
    return stage.steps().get(index).instruction();
  }

  @Test
  void globalArgsAreUsableInFromAndBuildArgsOverrideOnlyDeclaredOnes() throws Exception {
    String text =
        """
        ARG GO_VERSION=1.22
        ARG BASE=gcr.io/distroless/static-debian12:${TAG:-nonroot}
        FROM golang:${GO_VERSION}-alpine AS build
        FROM ${BASE}
        """;
    List<Stage> plain = stages(text, Map.of());
    assertThat(plain)
        .extracting(Stage::base)
        .containsExactly("golang:1.22-alpine", "gcr.io/distroless/static-debian12:nonroot");
    List<Stage> overridden = stages(text, Map.of("GO_VERSION", "1.23", "TAG", "latest"));
    assertThat(overridden)
        .extracting(Stage::base)
        .containsExactly("golang:1.23-alpine", "gcr.io/distroless/static-debian12:nonroot");
  }

  @Test
  void aStageArgWithoutDefaultTakesTheGlobalValueAndAStageDefaultLosesToABuildArg()
      throws Exception {
    String text =
        """
        ARG VERSION=1.0
        FROM alpine
        ENV BEFORE=v${VERSION}
        ARG VERSION
        ARG MODE=debug
        ENV AFTER=v${VERSION} MODE=$MODE
        """;
    Stage stage = stages(text, Map.of("MODE", "release")).get(0);
    assertThat(step(stage, 0))
        .isEqualTo(new Instruction.Env(3, List.of(new KeyValue("BEFORE", "v"))));
    assertThat(stage.steps().get(0).unset()).containsExactly("VERSION");
    assertThat(step(stage, 3))
        .isEqualTo(
            new Instruction.Env(
                6, List.of(new KeyValue("AFTER", "v1.0"), new KeyValue("MODE", "release"))));
  }

  @Test
  void substitutionSupportsTheDefaultAndAlternativeModifiersAndEscapes() throws Exception {
    String text =
        """
        FROM alpine
        ENV SET=x EMPTY=
        ENV A=${SET:-d} B=${EMPTY:-d} C=${NONE:-d} D=${EMPTY-d} E=${NONE-d}
        ENV F=${SET:+w} G=${EMPTY:+w} H=${EMPTY+w} I=${NONE+w} J=\\$SET K='$SET' L="$SET y"
        ENV M=${SET#x} N=${SET/x/z}
        """;
    Stage stage = stages(text, Map.of()).get(0);
    assertThat(((Instruction.Env) step(stage, 1)).pairs())
        .containsExactly(
            new KeyValue("A", "x"),
            new KeyValue("B", "d"),
            new KeyValue("C", "d"),
            new KeyValue("D", ""),
            new KeyValue("E", "d"));
    assertThat(((Instruction.Env) step(stage, 2)).pairs())
        .containsExactly(
            new KeyValue("F", "w"),
            new KeyValue("G", ""),
            new KeyValue("H", "w"),
            new KeyValue("I", ""),
            new KeyValue("J", "$SET"),
            new KeyValue("K", "$SET"),
            new KeyValue("L", "x y"));
    assertThat(((Instruction.Env) step(stage, 3)).pairs())
        .containsExactly(new KeyValue("M", ""), new KeyValue("N", "z"));
  }

  @Test
  void everyPairOfOneEnvSeesTheValuesFromBeforeIt() throws Exception {
    String text = "FROM alpine\nENV abc=hello\nENV abc=bye def=$abc\nENV ghi=$abc\n";
    Stage stage = stages(text, Map.of()).get(0);
    assertThat(((Instruction.Env) step(stage, 1)).pairs()).contains(new KeyValue("def", "hello"));
    assertThat(((Instruction.Env) step(stage, 2)).pairs())
        .containsExactly(new KeyValue("ghi", "bye"));
    assertThat(stage.steps().get(2).env())
        .containsEntry("abc", "bye")
        .containsEntry("def", "hello");
  }

  @Test
  void aRelativeWorkdirIsRelativeToThePreviousOneAndCopyDestinationsToTheWorkdir()
      throws Exception {
    String text =
        """
        FROM alpine
        ENV APP=app
        WORKDIR /a
        WORKDIR b/../c
        WORKDIR $APP
        COPY go.mod go.sum ./
        COPY x .
        COPY y z
        COPY w /abs
        """;
    Stage stage = stages(text, Map.of()).get(0);
    assertThat(step(stage, 3)).isEqualTo(new Instruction.Workdir(5, "/a/c/app"));
    assertThat(stage.steps().get(4).workdir()).isEqualTo("/a/c/app");
    assertThat(stage.steps().subList(4, 8))
        .extracting(s -> ((Instruction.Copy) s.instruction()).destination())
        .containsExactly("/a/c/app/", "/a/c/app/", "/a/c/app/z", "/abs");
  }

  @Test
  void aGolangStageStartsInGoPath() throws Exception {
    Stage stage = stages("FROM golang:1.22\nCOPY . src\n", Map.of()).get(0);
    assertThat(stage.steps().get(0).workdir()).isEqualTo("/go");
    assertThat(stage.steps().get(0).env()).containsEntry("GOPATH", "/go");
    assertThat(((Instruction.Copy) step(stage, 0)).destination()).isEqualTo("/go/src");
  }

  @Test
  void exposeSplitsSubstitutedWordsAndUserAndLabelAreSubstituted() throws Exception {
    String text =
        """
        FROM alpine
        ARG PORTS="8080 9090/udp"
        ARG UID=65532
        EXPOSE $PORTS 7000
        USER ${UID}:${UID}
        LABEL version=$UID
        """;
    Stage stage = stages(text, Map.of()).get(0);
    assertThat(step(stage, 2))
        .isEqualTo(new Instruction.Expose(4, List.of("8080", "9090/udp", "7000")));
    assertThat(step(stage, 3)).isEqualTo(new Instruction.User(5, "65532:65532"));
    assertThat(step(stage, 4))
        .isEqualTo(new Instruction.Label(6, List.of(new KeyValue("version", "65532"))));
  }

  @Test
  void aVariableIsOnlyAvailableFromTheArgThatDeclaresIt() throws Exception {
    String text = "FROM busybox\nUSER ${username:-some_user}\nARG username\nUSER $username\n";
    Stage stage = stages(text, Map.of("username", "what_user")).get(0);
    assertThat(step(stage, 0)).isEqualTo(new Instruction.User(2, "some_user"));
    assertThat(step(stage, 2)).isEqualTo(new Instruction.User(4, "what_user"));
  }

  @Test
  void platformArgumentsStandForThemselvesUnlessGiven() throws Exception {
    String text =
        """
        FROM --platform=$BUILDPLATFORM golang:1.22 AS build
        ARG TARGETOS TARGETARCH
        ENV GOOS=$TARGETOS GOARCH=${TARGETARCH}
        """;
    Stage stage = stages(text, Map.of()).get(0);
    assertThat(stage.platform()).isEqualTo("$BUILDPLATFORM");
    assertThat(((Instruction.Env) step(stage, 1)).pairs())
        .containsExactly(new KeyValue("GOOS", "$TARGETOS"), new KeyValue("GOARCH", "$TARGETARCH"));
    Stage given =
        stages(text, Map.of("TARGETARCH", "arm64", "BUILDPLATFORM", "linux/amd64")).get(0);
    assertThat(given.platform()).isEqualTo("linux/amd64");
    assertThat(((Instruction.Env) step(given, 1)).pairs())
        .contains(new KeyValue("GOARCH", "arm64"));
  }

  @Test
  void aStageBuiltOnAnotherStartsWithItsVariablesAndWorkdir() throws Exception {
    String text =
        """
        FROM golang:1.22 AS deps
        ENV CGO_ENABLED=0
        WORKDIR /src
        FROM deps AS build
        RUN go build .
        FROM scratch
        """;
    List<Stage> stages = stages(text, Map.of());
    Stage build = stages.get(1);
    assertThat(build.parent()).isEqualTo(0);
    assertThat(build.base()).isEqualTo("deps");
    assertThat(build.steps().get(0).workdir()).isEqualTo("/src");
    assertThat(build.steps().get(0).env()).containsEntry("CGO_ENABLED", "0");
    assertThat(stages.get(2).parent()).isEqualTo(-1);
    assertThat(stages.get(2).label()).isEqualTo("2");
  }

  @Test
  void theBacktickEscapeEscapesDollarSigns() throws Exception {
    Stage stage = stages("# escape=`\nFROM alpine\nENV A=`$HOME B=C:\\dir\n", Map.of()).get(0);
    assertThat(((Instruction.Env) step(stage, 0)).pairs())
        .containsExactly(new KeyValue("A", "$HOME"), new KeyValue("B", "C:\\dir"));
  }

  @Test
  void substitutionErrorsAndMisplacedInstructionsNameTheLine() {
    assertThatThrownBy(() -> stages("FROM alpine\nENV A=${B\n", Map.of()))
        .isInstanceOf(DockerfileException.class)
        .hasMessageStartingWith("Dockerfile:2: failed to process \"${B\"");
    assertThatThrownBy(() -> stages("FROM alpine\nENV A=\"${B:?must be set}\"\n", Map.of()))
        .hasMessageEndingWith("B: must be set");
    assertThatThrownBy(() -> stages("FROM alpine\nCOPY --from=$X a b\n", Map.of()))
        .hasMessageStartingWith("Dockerfile:2: variable expansion is not supported for --from");
    assertThatThrownBy(() -> stages("ARG A\nRUN true\nFROM alpine\n", Map.of()))
        .hasMessageStartingWith("Dockerfile:2: RUN comes before the first FROM");
  }
}
