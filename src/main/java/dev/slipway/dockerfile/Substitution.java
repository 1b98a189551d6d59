package dev.slipway.dockerfile;

import dev.slipway.dockerfile.Instruction.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Substitutes variables in one instruction, where the Dockerfile reference says the builder does
 * (environment replacement); resolves {@code WORKDIR} and {@code COPY} destinations against the
 * working directory. {@code RUN}, {@code CMD} and {@code ENTRYPOINT} are left to the shell.
 */
final class Substitution {
  private final Stages stages;
  private final Map<String, String> env;
  private final Map<String, String> global;
  private final String workdir;
  private final Set<String> unset;

  Substitution(
      Stages stages,
      Map<String, String> env,
      Map<String, String> global,
      String workdir,
      Set<String> unset) {
    this.stages = stages;
    this.env = env;
    this.global = global;
    this.workdir = workdir;
    this.unset = unset;
  }

  Instruction apply(Instruction instruction) throws DockerfileException {
    int line = instruction.line();
    if (instruction instanceof Instruction.Arg arg) {
      List<KeyValue> out = new ArrayList<>();
      for (KeyValue kv : arg.args()) {
        out.add(
            new KeyValue(kv.key(), stages.argValue(kv, env, global.get(kv.key()), line, unset)));
      }
      return new Instruction.Arg(line, out);
    }
    if (instruction instanceof Instruction.Env e) {
      return new Instruction.Env(line, pairs(e.pairs(), line));
    }
    if (instruction instanceof Instruction.Label l) {
      return new Instruction.Label(line, pairs(l.pairs(), line));
    }
    if (instruction instanceof Instruction.Workdir w) {
      String path = ImagePaths.clean(ImagePaths.resolve(workdir, word(w.path(), line)));
      return new Instruction.Workdir(line, path);
    }
    if (instruction instanceof Instruction.User u) {
      return new Instruction.User(line, word(u.user(), line));
    }
    if (instruction instanceof Instruction.Expose x) {
      List<String> ports = new ArrayList<>();
      for (String port : x.ports()) {
        ports.addAll(stages.words(port, env, line, unset));
      }
      return new Instruction.Expose(line, ports);
    }
    if (instruction instanceof Instruction.Copy c) {
      return copy(c);
    }
    return instruction;
  }

  private Instruction copy(Instruction.Copy c) throws DockerfileException {
    int line = c.line();
    if (c.from() != null && !word(c.from(), line).equals(c.from())) {
      throw new DockerfileException(
          stages.fileName(),
          line,
          "variable expansion is not supported for --from, define a new stage with FROM using"
              + " ARG from global scope as a workaround");
    }
    List<String> sources = new ArrayList<>();
    for (String source : c.sources()) {
      sources.add(word(source, line));
    }
    return new Instruction.Copy(
        line,
        c.add(),
        c.from(),
        c.chown() == null ? null : word(c.chown(), line),
        c.chmod() == null ? null : word(c.chmod(), line),
        c.link(),
        c.parents(),
        c.excludes(),
        sources,
        ImagePaths.resolve(workdir, word(c.destination(), line)),
        c.heredocs());
  }

  private List<KeyValue> pairs(List<KeyValue> pairs, int line) throws DockerfileException {
    // Every pair sees the variables as they were before the instruction.
    List<KeyValue> out = new ArrayList<>();
    for (KeyValue kv : pairs) {
      out.add(new KeyValue(word(kv.key(), line), word(kv.value(), line)));
    }
    return out;
  }

  private String word(String text, int line) throws DockerfileException {
    return stages.word(text, env, line, unset);
  }
}
