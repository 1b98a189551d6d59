package dev.slipway.dockerfile;

import dev.slipway.dockerfile.ContextTrace.Located;
import dev.slipway.dockerfile.GoBinaries.Built;
import dev.slipway.dockerfile.Instruction.KeyValue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the final stage: the binary it gets (and the build that made it), the files it copies, and
 * its image settings. What it cannot translate becomes a note.
 */
final class FinalStageReader {
  private final Stage stage;
  private final Notes notes;
  private final ContextTrace trace;
  private final GoBinaries binaries;

  private final List<BinaryCopy> copied = new ArrayList<>();
  private final FileCopies files;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final Map<String, String> labels = new LinkedHashMap<>();
  private final Set<String> ports = new LinkedHashSet<>();
  private String workdir;
  private Instruction.User user;
  private Instruction.Entrypoint entrypoint;
  private Instruction.Cmd cmd;

  /**
   * Reads {@code stage}; {@code context} is the build context, relative to {@code root}, less what
   * {@code ignore} leaves out.
   */
  FinalStageReader(
      ContextTrace trace,
      Path root,
      String context,
      Stage stage,
      Notes notes,
      DockerIgnore ignore) {
    this.stage = stage;
    this.notes = notes;
    this.trace = trace;
    this.binaries = new GoBinaries(trace, root);
    this.files = new FileCopies(trace, root, context, notes, ignore);
  }

  /** A binary the final stage copies out of a build stage, and where it puts it. */
  private record BinaryCopy(Built built, String path, int line) {}

  /**
   * What the final stage holds.
   *
   * @param built the build of the binary it runs
   * @param binaryPath where the Dockerfile put that binary
   * @param files the other files it copies from the repository
   * @param env its environment
   * @param labels its labels
   * @param ports its exposed ports
   * @param workdir its working directory, or null
   * @param user its last USER, or null
   * @param entrypoint its last ENTRYPOINT, or null
   * @param cmd its last CMD, or null
   */
  record Contents(
      Built built,
      String binaryPath,
      List<FileCopy> files,
      Map<String, String> env,
      Map<String, String> labels,
      List<String> ports,
      String workdir,
      Instruction.User user,
      Instruction.Entrypoint entrypoint,
      Instruction.Cmd cmd) {}

  /** The final stage's contents, or null when it runs no Go binary. */
  Contents read() throws IOException {
    List<Located> chain = trace.chain(stage);
    List<Built> builtHere = binaries.in(stage);
    Set<Stage.Step> buildSteps = new LinkedHashSet<>();
    builtHere.forEach(b -> buildSteps.add(b.step()));
    int lastBuild = -1;
    for (int i = 0; i < chain.size(); i++) {
      if (buildSteps.contains(chain.get(i).step())) {
        lastBuild = i;
      }
    }
    boolean slipwayBase = slipwayBase(trace.root(stage).base());
    for (int i = 0; i < chain.size(); i++) {
      Stage.Step step = chain.get(i).step();
      Instruction instruction = step.instruction();
      if (instruction instanceof Instruction.Copy copy) {
        // In a stage that builds its own binary, what was copied before the build fed the build.
        if (i > lastBuild || copy.from() != null) {
          copy(copy);
        }
      } else if (instruction instanceof Instruction.Run run) {
        // In a stage that builds its own binary, the RUNs up to the build are the build.
        if (i > lastBuild) {
          notes.notTranslated(
              run.line(), RunNotes.describe(GoBinaries.commands(run, step), slipwayBase));
        }
      } else {
        setting(step);
      }
    }
    BinaryCopy chosen = chooseBinary(builtHere, chain, lastBuild);
    if (chosen == null) {
      return null;
    }
    return new Contents(
        chosen.built(),
        chosen.path(),
        files.all(),
        env,
        labels,
        List.copyOf(ports),
        workdir,
        user,
        entrypoint,
        cmd);
  }

  private void setting(Stage.Step step) {
    Instruction instruction = step.instruction();
    if (instruction instanceof Instruction.Env e) {
      e.pairs().forEach(kv -> env.put(kv.key(), kv.value()));
      emptyFromArgs(e.line(), "ENV", e.pairs(), step.unset());
    } else if (instruction instanceof Instruction.Label l) {
      l.pairs().forEach(kv -> labels.put(kv.key(), kv.value()));
      emptyFromArgs(l.line(), "LABEL", l.pairs(), step.unset());
    } else if (instruction instanceof Instruction.Workdir w) {
      workdir = w.path();
    } else if (instruction instanceof Instruction.User u) {
      user = u;
    } else if (instruction instanceof Instruction.Expose x) {
      ports.addAll(x.ports());
    } else if (instruction instanceof Instruction.Entrypoint e) {
      entrypoint = e;
    } else if (instruction instanceof Instruction.Cmd c) {
      cmd = c;
    } else if (instruction instanceof Instruction.Other o) {
      notes.notTranslated(o.line(), OtherInstructions.why(o));
    }
  }

  private void emptyFromArgs(int line, String keyword, List<KeyValue> pairs, Set<String> unset) {
    if (unset.isEmpty()) {
      return;
    }
    List<String> names = pairs.stream().map(KeyValue::key).toList();
    notes.translated(
        line,
        keyword
            + " "
            + String.join(", ", names)
            + " refers to "
            + String.join(", ", unset.stream().sorted().map(n -> "$" + n).toList())
            + ", which has no value (an ARG without default, given with --build-arg):"
            + " written as it comes out, empty where the value is missing");
  }

  private void copy(Instruction.Copy copy) throws IOException {
    if (copy.from() == null) {
      files.fromContext(copy);
      return;
    }
    Stage from = trace.stage(copy.from());
    if (from == null) {
      files.fromImage(copy, copy.from(), slipwayBase(trace.root(stage).base()));
      return;
    }
    for (String source : copy.sources()) {
      String path = ImagePaths.clean("/" + source);
      Built built = binaries.producing(from, path);
      if (built == null) {
        files.fromStage(copy, from, path, slipwayBase(trace.root(stage).base()));
        continue;
      }
      String output = built.outputIn(path);
      String dest = copy.destination();
      String inImage;
      if (output.equals(path)) {
        inImage =
            dest.endsWith("/") || copy.sources().size() > 1
                ? ImagePaths.join(dest, ImagePaths.name(output))
                : ImagePaths.clean(dest);
      } else {
        inImage = ImagePaths.join(dest, ImagePaths.relative(output, path));
      }
      copied.add(new BinaryCopy(built, inImage, copy.line()));
    }
  }

  /** The binary the image runs; notes when there are several, or none. */
  private BinaryCopy chooseBinary(List<Built> builtHere, List<Located> chain, int lastBuild) {
    if (copied.isEmpty() && !builtHere.isEmpty()) {
      Built built = builtHere.get(builtHere.size() - 1);
      notes.translated(
          stage.line(),
          "the final stage builds the binary itself, so its image held the Go toolchain and the"
              + " sources; Slipway's holds the binary only");
      copied.add(
          new BinaryCopy(
              built, built.outputs().get(0), chain.get(lastBuild).step().instruction().line()));
    }
    if (copied.isEmpty()) {
      return null;
    }
    int index = copied.size() - 1;
    for (int i = 0; i < copied.size(); i++) {
      if (runs(copied.get(i).path())) {
        index = i;
      }
    }
    BinaryCopy chosen = copied.get(index);
    if (copied.size() > 1) {
      List<String> others = new ArrayList<>();
      for (int i = 0; i < copied.size(); i++) {
        if (i != index) {
          others.add(copied.get(i).built().name() + " (line " + copied.get(i).line() + ")");
        }
      }
      notes.notTranslated(
          chosen.line(),
          "the image has several Go binaries; a Slipway target builds one: this one runs "
              + chosen.built().name()
              + ", and not "
              + String.join(", ", others)
              + ": add a target for each");
    }
    return chosen;
  }

  /** Whether the ENTRYPOINT (or else the CMD) runs the file at {@code path}. */
  private boolean runs(String path) {
    List<String> words = List.of();
    if (entrypoint != null && !entrypoint.command().args().isEmpty()) {
      words = words(entrypoint.command());
    } else if (cmd != null && !cmd.command().args().isEmpty()) {
      words = words(cmd.command());
    }
    if (words.isEmpty()) {
      return false;
    }
    String word = words.get(0);
    if (!word.contains("/")) {
      return word.equals(ImagePaths.name(path));
    }
    String dir = workdir == null ? "/" : workdir;
    return ImagePaths.clean(ImagePaths.resolve(dir, word)).equals(path);
  }

  private static List<String> words(Instruction.CommandLine command) {
    if (command.exec()) {
      return command.args();
    }
    List<String> words = new ArrayList<>(List.of(command.text().strip().split("\\s+")));
    if (words.size() > 1 && words.get(0).equals("exec")) {
      words.remove(0);
    }
    return words;
  }

  static boolean slipwayBase(String image) {
    BaseImages.Kind kind = BaseImages.kind(image);
    return kind == BaseImages.Kind.SCRATCH || kind == BaseImages.Kind.STATIC;
  }
}
