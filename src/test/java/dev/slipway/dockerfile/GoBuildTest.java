package dev.slipway.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The go build inside a RUN, read as sh would split it and as go's flag package reads it. */
class GoBuildTest {
  private static List<GoBuild> builds(String script, Map<String, String> env, String cwd) {
    return ShellScript.read(script, env, cwd).stream()
        .map(GoBuild::of)
        .filter(b -> b != null)
        .toList();
  }

  private static GoBuild only(String script) {
    List<GoBuild> builds = builds(script, Map.of(), "/src");
    assertThat(builds).hasSize(1);
    return builds.get(0);
  }

  @Test
  void aChainWithCdAndAssignmentsBeforeGoGivesTheDirectoryAndTheEnvironment() {
    GoBuild build =
        builds(
                "go mod download && cd cmd/app && CGO_ENABLED=0 GOOS=linux GOARCH=$TARGETARCH"
                    + " go build -ldflags='-s -w' -o ../../out/app .",
                Map.of("TARGETARCH", "$TARGETARCH", "GOPATH", "/go"),
                "/src")
            .get(0);
    assertThat(build.install()).isFalse();
    assertThat(build.dir()).isEqualTo("/src/cmd/app");
    assertThat(build.output()).isEqualTo("/src/out/app");
    assertThat(build.ldflags()).containsExactly("-s", "-w");
    assertThat(build.packages()).containsExactly(".");
    assertThat(build.env())
        .containsEntry("CGO_ENABLED", "0")
        .containsEntry("GOOS", "linux")
        .containsEntry("GOARCH", "$TARGETARCH")
        .containsEntry("GOPATH", "/go");
    assertThat(build.command().assignments()).containsOnlyKeys("CGO_ENABLED", "GOOS", "GOARCH");
  }

  @Test
  void flagsAreNormalizedAndThoseThatOnlyChangeOutputOrSpeedAreDropped() {
    GoBuild build =
        only(
            "go build -v -x -p 4 -a --trimpath -mod mod -tags \"netgo osusergo\""
                + " -gcflags=all=-N -buildvcs=false -ldflags=\"-X 'main.greeting=hello world'\""
                + " ./cmd/x");
    assertThat(build.flags())
        .containsExactly("-trimpath", "-mod=mod", "-gcflags=all=-N", "-buildvcs=false");
    assertThat(build.tags()).containsExactly("netgo", "osusergo");
    assertThat(build.ldflags()).containsExactly("-X", "main.greeting=hello world");
    assertThat(build.packages()).containsExactly("./cmd/x");
  }

  @Test
  void exportedAndPlainAssignmentsReachLaterCommandsAsShWouldPassThem() {
    GoBuild build =
        only(
            "export GOFLAGS=-mod=vendor; VERSION=1.2; FLAGS=\"-trimpath -v\"; "
                + "go build $FLAGS -ldflags \"-X main.v=$VERSION\" .");
    assertThat(build.env()).containsEntry("GOFLAGS", "-mod=vendor").doesNotContainKey("VERSION");
    assertThat(build.flags()).containsExactly("-trimpath");
    assertThat(build.ldflags()).containsExactly("-X", "main.v=1.2");
  }

  @Test
  void goChangesDirectoryWithCAndAnOutputDirectoryKeepsItsSlash() {
    GoBuild build = only("go build -C ./svc -o bin/ ./cmd/a ./cmd/b");
    assertThat(build.dir()).isEqualTo("/src/svc");
    assertThat(build.output()).isEqualTo("/src/svc/bin/");
    assertThat(build.packages()).containsExactly("./cmd/a", "./cmd/b");
  }

  @Test
  void goInstallWithoutPackagesBuildsTheCurrentDirectory() {
    GoBuild build = only("/usr/local/go/bin/go install");
    assertThat(build.install()).isTrue();
    assertThat(build.output()).isNull();
    assertThat(build.packages()).containsExactly(".");
  }

  @Test
  void commandSubstitutionIsKeptAsWrittenAndMarksTheCommand() {
    GoBuild build = only("go build -ldflags \"-X main.commit=$(git rev-parse HEAD)\" -o /x .");
    assertThat(build.command().dynamic()).isTrue();
    assertThat(build.ldflags()).containsExactly("-X", "main.commit=$(git", "rev-parse", "HEAD)");
  }

  @Test
  void unsetVariablesWithoutADefaultAreRecorded() {
    GoBuild build = only("go build -ldflags \"-X main.v=$VERSION -X main.d=${DATE:-now}\" .");
    assertThat(build.ldflags()).containsExactly("-X", "main.v=", "-X", "main.d=now");
    assertThat(build.command().unset()).containsExactly("VERSION");
  }

  @Test
  void conditionalsCommentsRedirectionsAndPipesDoNotHideTheBuild() {
    List<GoBuild> builds =
        builds(
            """
            set -eux # strict
            if [ -n "$DEBUG" ]; then go build -gcflags 'all=-N -l' -o /dbg .; fi
            go build -o /app . 2>&1 | tee /tmp/log > /dev/null
            """,
            Map.of(),
            "/w");
    assertThat(builds).extracting(GoBuild::output).containsExactly("/dbg", "/app");
    assertThat(builds.get(0).flags()).containsExactly("-gcflags=all=-N -l");
    assertThat(builds.get(1).packages()).containsExactly(".");
  }

  @Test
  void aRunHandsItsHeredocToTheShellAndItsExecFormToGoDirectly() throws Exception {
    List<Stage> stages =
        Stages.of(
            DockerfileParser.parse(
                "Dockerfile",
                """
                FROM golang:1.22
                WORKDIR /src
                RUN <<EOF
                set -e
                cd cmd/tool
                go build -o /bin/tool .
                EOF
                RUN ["go", "build", "-o", "/bin/exec", "./cmd/exec"]
                RUN ["/bin/sh", "-c", "cd /x && go install ."]
                RUN <<EOF cat > /notes.txt
                go build -o /never .
                EOF
                """),
            Map.of());
    Stage stage = stages.get(0);
    List<String> outputs = new java.util.ArrayList<>();
    for (Stage.Step step : stage.steps()) {
      if (step.instruction() instanceof Instruction.Run run) {
        for (ShellScript.Command command : GoBinaries.commands(run, step)) {
          GoBuild build = GoBuild.of(command);
          if (build != null) {
            outputs.add(build.install() ? "install in " + build.dir() : build.output());
          }
        }
      }
    }
    assertThat(outputs).containsExactly("/bin/tool", "/bin/exec", "install in /x");
  }

  @Test
  void otherCommandsAreNotBuilds() {
    assertThat(builds("go mod download; go vet ./...; gofmt -l .; echo go build", Map.of(), "/"))
        .isEmpty();
  }
}
