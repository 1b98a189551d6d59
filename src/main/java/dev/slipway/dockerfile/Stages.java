package dev.slipway.dockerfile;

import dev.slipway.dockerfile.Instruction.KeyValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Dockerfile's stages with variables substituted as the builder substitutes them: global {@code
 * ARG}s (before the first {@code FROM}) in {@code FROM} lines, and each stage's {@code ARG}s and
 * {@code ENV}s in {@code ENV}, {@code LABEL}, {@code WORKDIR}, {@code USER}, {@code EXPOSE}, {@code
 * COPY} and {@code ADD}. Build arguments ({@code --build-arg}) override defaults.
 *
 * <p>BuildKit's automatic platform arguments ({@code TARGETARCH}, {@code BUILDPLATFORM} and the
 * rest) have no single value for init, which translates for every platform: unless given as build
 * arguments, each stands for itself, so {@code GOARCH=$TARGETARCH} reads {@code GOARCH=$TARGETARCH}
 * and what depends on the platform can be seen as such.
 */
public final class Stages {
  /** The platform arguments BuildKit defines in the global scope. */
  public static final List<String> PLATFORM_ARGS =
      List.of(
          "TARGETPLATFORM",
          "TARGETOS",
          "TARGETARCH",
          "TARGETVARIANT",
          "BUILDPLATFORM",
          "BUILDOS",
          "BUILDARCH",
          "BUILDVARIANT");

  private final Dockerfile file;
  private final Map<String, String> buildArgs;
  private final WordLexer lexer;

  private Stages(Dockerfile file, Map<String, String> buildArgs) {
    this.file = file;
    this.buildArgs = Map.copyOf(buildArgs);
    this.lexer = WordLexer.of(file.escape());
  }

  /**
   * The stages of {@code file}, with {@code buildArgs} as {@code --build-arg} would pass them.
   *
   * @throws DockerfileException when a substitution fails or the first instruction after the global
   *     {@code ARG}s is not {@code FROM}
   */
  public static List<Stage> of(Dockerfile file, Map<String, String> buildArgs)
      throws DockerfileException {
    return new Stages(file, buildArgs).evaluate();
  }

  private List<Stage> evaluate() throws DockerfileException {
    Map<String, String> global = new HashMap<>();
    for (String name : PLATFORM_ARGS) {
      global.put(name, buildArgs.getOrDefault(name, "$" + name));
    }
    List<StageState> stages = new ArrayList<>();
    StageState state = null;
    for (Instruction instruction : file.instructions()) {
      if (instruction instanceof Instruction.From from) {
        state = start(from, global, stages);
        stages.add(state);
      } else if (state != null) {
        state.add(instruction);
      } else if (instruction instanceof Instruction.Arg arg) {
        for (KeyValue kv : arg.args()) {
          String value = argValue(kv, global, global.get(kv.key()), arg.line(), null);
          if (value != null) {
            global.put(kv.key(), value);
          }
        }
      } else {
        throw new DockerfileException(
            file.name(),
            instruction.line(),
            instruction.keyword() + " comes before the first FROM (only ARG may)");
      }
    }
    if (stages.isEmpty()) {
      throw new DockerfileException(
          file.name(), file.instructions().get(0).line(), "no FROM instruction");
    }
    List<Stage> out = new ArrayList<>();
    for (StageState s : stages) {
      out.add(s.finish());
    }
    return List.copyOf(out);
  }

  private StageState start(
      Instruction.From from, Map<String, String> global, List<StageState> earlier)
      throws DockerfileException {
    String base = word(from.image(), global, from.line(), null);
    if (base.isEmpty()) {
      throw new DockerfileException(
          file.name(), from.line(), "base name (" + from.image() + ") should not be blank");
    }
    String platform =
        from.platform() == null ? null : word(from.platform(), global, from.line(), null);
    StageState state = new StageState(earlier.size(), from, base, platform, global);
    for (StageState stage : earlier) {
      if (base.toLowerCase(Locale.ROOT).equals(stage.from.stageName())) {
        // A stage built on an earlier one starts where that one ended.
        state.base = stage.from.stageName();
        state.parent = stage.index;
        state.env.putAll(stage.env);
        state.envKeys.addAll(stage.envKeys);
        state.workdir = stage.workdir;
        return state;
      }
    }
    state.workdir = BaseImages.workdir(base);
    state.env.putAll(BaseImages.env(base));
    return state;
  }

  /** An ARG's value: a build argument, else its default, else {@code fallback}. */
  String argValue(
      KeyValue kv, Map<String, String> env, String fallback, int line, Set<String> unset)
      throws DockerfileException {
    if (buildArgs.containsKey(kv.key())) {
      return buildArgs.get(kv.key());
    }
    if (kv.value() != null) {
      return word(kv.value(), env, line, unset);
    }
    return fallback;
  }

  /** One word after substitution; a failure names the line. */
  String word(String text, Map<String, String> env, int line, Set<String> unset)
      throws DockerfileException {
    try {
      return lexer.word(text, env, unset);
    } catch (WordSyntaxException e) {
      throw new DockerfileException(file.name(), line, e.getMessage());
    }
  }

  /** The words of {@code text} after substitution; a failure names the line. */
  List<String> words(String text, Map<String, String> env, int line, Set<String> unset)
      throws DockerfileException {
    try {
      return lexer.words(text, env, unset);
    } catch (WordSyntaxException e) {
      throw new DockerfileException(file.name(), line, e.getMessage());
    }
  }

  String fileName() {
    return file.name();
  }

  /** The stage being read: its variables and working directory so far. */
  private final class StageState {
    final int index;
    final Instruction.From from;
    final String platform;
    final Map<String, String> global;
    final Map<String, String> env = new HashMap<>();
    final Set<String> envKeys = new HashSet<>();
    final List<Stage.Step> steps = new ArrayList<>();
    String base;
    int parent = -1;
    String workdir = "/";

    StageState(
        int index,
        Instruction.From from,
        String base,
        String platform,
        Map<String, String> global) {
      this.index = index;
      this.from = from;
      this.base = base;
      this.platform = platform;
      this.global = global;
    }

    void add(Instruction instruction) throws DockerfileException {
      Set<String> unset = new HashSet<>();
      Map<String, String> before = Map.copyOf(env);
      Instruction done =
          new Substitution(Stages.this, before, global, workdir, unset).apply(instruction);
      if (done instanceof Instruction.Workdir w) {
        workdir = w.path();
      } else if (done instanceof Instruction.Env e) {
        for (KeyValue kv : e.pairs()) {
          env.put(kv.key(), kv.value());
          envKeys.add(kv.key());
        }
      } else if (done instanceof Instruction.Arg a) {
        for (KeyValue kv : a.args()) {
          // An ENV of the same name wins over the ARG, as in the builder.
          if (kv.value() != null && !envKeys.contains(kv.key())) {
            env.put(kv.key(), kv.value());
          }
        }
      }
      steps.add(new Stage.Step(done, before, workdir, unset));
    }

    Stage finish() {
      return new Stage(index, from.stageName(), from, base, platform, parent, steps);
    }
  }
}
