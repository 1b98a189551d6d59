package dev.slipway.dockerfile;

import dev.slipway.dockerfile.ContextTrace.Located;
import dev.slipway.dockerfile.GoBinaries.Built;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Advice for the Dockerfile as it is, for teams that keep it: patterns that defeat Docker's layer
 * cache or make its builds differ from machine to machine. Not errors, and not about slipway.yaml.
 */
final class Advice {
  private final ContextTrace trace;
  private final Notes notes;
  private final Map<String, String> buildArgs;

  /** {@code buildArgs} are the values given as {@code --build-arg} would give them. */
  Advice(ContextTrace trace, Notes notes, Map<String, String> buildArgs) {
    this.trace = trace;
    this.notes = notes;
    this.buildArgs = buildArgs;
  }

  /** Advice on every stage's base image. */
  void bases(List<Stage> stages) {
    for (Stage stage : stages) {
      if (stage.parent() < 0 && !stage.base().contains("$") && !BaseImages.pinned(stage.base())) {
        notes.advice(
            stage.line(),
            "FROM "
                + stage.base()
                + " names no version (it means :latest): pin a tag or a digest so that builds"
                + " are repeatable");
      }
    }
  }

  /** Advice when neither the context nor the Dockerfile has a {@code .dockerignore}. */
  void dockerignore(Path root, DockerfileSource source) {
    boolean context = Files.exists(root.resolve(source.context()).resolve(".dockerignore"));
    boolean beside = Files.exists(root.resolve(source.dockerfile() + ".dockerignore"));
    if (!context && !beside) {
      notes.advice(
          0,
          "there is no .dockerignore in the build context ("
              + source.context()
              + "): docker sends all of it, .git included, and any change to it invalidates COPY"
              + " layers");
    }
  }

  /** Advice on the build of the image's binary. */
  void build(Built built) {
    int line = built.step().instruction().line();
    GoBuild go = built.build();
    String goflags = go.env().getOrDefault("GOFLAGS", "");
    if (!go.env().containsKey("CGO_ENABLED")) {
      notes.advice(
          line,
          "CGO_ENABLED is not set: go uses cgo when the builder has a C compiler, and the binary"
              + " then needs the libc it was linked with; Slipway builds with CGO_ENABLED=0, so"
              + " set it here too");
    }
    if (!go.flags().contains("-trimpath") && !goflags.contains("-trimpath")) {
      notes.advice(
          line,
          "go build has no -trimpath: the binary holds the builder's paths, so it differs between"
              + " machines; Slipway always builds with -trimpath");
    }
    List<Located> chain = trace.chain(built.stage());
    int copyAll = -1;
    int download = -1;
    for (int i = 0; i < chain.size(); i++) {
      Stage.Step step = chain.get(i).step();
      if (step.instruction() instanceof Instruction.Copy copy
          && copy.from() == null
          && copyAll < 0
          && copy.sources().stream().anyMatch(s -> ImagePaths.clean(s).equals("."))) {
        copyAll = i;
      }
      if (step.instruction() instanceof Instruction.Arg arg) {
        fixedTargetPlatform(arg);
      }
      if (!(step.instruction() instanceof Instruction.Run run)) {
        continue;
      }
      if (step.equals(built.step())) {
        cacheOrDownload(chain, copyAll, download, run);
        return;
      }
      if (download < 0 && runsModDownload(run, step)) {
        download = i;
      }
      if (RunNotes.installsCToolchain(RunNotes.packages(GoBinaries.commands(run, step)))
          && !"0".equals(go.env().get("CGO_ENABLED"))) {
        notes.notTranslated(
            run.line(),
            "installs a C toolchain, so the go build may use cgo; Slipway builds with"
                + " CGO_ENABLED=0 unless build.env says otherwise");
      }
    }
  }

  /**
   * A default on a stage's {@code ARG TARGETARCH} (or a global one it takes) hides the value
   * BuildKit sets for each platform, a common cause of multi-platform images with one binary.
   * {@code TARGETOS=linux} is left alone: Linux is what such images are built for anyway.
   */
  private void fixedTargetPlatform(Instruction.Arg arg) {
    for (Instruction.KeyValue kv : arg.args()) {
      if (kv.key().startsWith("TARGET")
          && Stages.PLATFORM_ARGS.contains(kv.key())
          && kv.value() != null
          && !kv.value().startsWith("$")
          && !(kv.key().equals("TARGETOS") && kv.value().equals("linux"))
          && !buildArgs.containsKey(kv.key())) {
        notes.advice(
            arg.line(),
            kv.key()
                + " is "
                + kv.value()
                + " here, a default of the Dockerfile's, not the value"
                + " BuildKit sets for each platform: every platform's image got the same binary;"
                + " declare ARG "
                + kv.key()
                + " without a default");
      }
    }
  }

  private void cacheOrDownload(
      List<Located> chain, int copyAll, int download, Instruction.Run run) {
    if (copyAll < 0) {
      return;
    }
    int copyLine = chain.get(copyAll).step().instruction().line();
    if (download > copyAll) {
      notes.advice(
          copyLine,
          "COPY . comes before go mod download, so any source change downloads every module"
              + " again: copy go.mod and go.sum, run go mod download, then copy the rest");
    } else if (download < 0 && run.mounts().stream().noneMatch(m -> m.contains("type=cache"))) {
      notes.advice(
          copyLine,
          "COPY . comes before the go build with no go mod download before it and no cache"
              + " mount, so any source change downloads every module again: copy go.mod and"
              + " go.sum and run go mod download first");
    }
  }

  private static boolean runsModDownload(Instruction.Run run, Stage.Step step) {
    return GoBinaries.commands(run, step).stream()
        .map(ShellScript.Command::words)
        .anyMatch(
            w ->
                w.size() >= 3
                    && (w.get(0).equals("go") || w.get(0).endsWith("/go"))
                    && w.get(1).equals("mod")
                    && w.get(2).equals("download"));
  }
}
