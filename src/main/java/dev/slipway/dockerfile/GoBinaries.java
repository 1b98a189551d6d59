package dev.slipway.dockerfile;

import dev.slipway.core.ImportPaths;
import dev.slipway.dockerfile.ContextTrace.Located;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The binaries the {@code go build}s and {@code go install}s of a stage make: for each main
 * package, where go writes it, its name, and the directory of the repository it is built from.
 */
final class GoBinaries {
  private static final Set<String> SHELLS =
      Set.of("sh", "bash", "ash", "dash", "/bin/sh", "/bin/bash", "/bin/ash", "/bin/dash");

  private final ContextTrace trace;
  private final Path root;

  GoBinaries(ContextTrace trace, Path root) {
    this.trace = trace;
    this.root = root;
  }

  /**
   * One binary.
   *
   * @param stage the stage whose {@code RUN} builds it
   * @param step that {@code RUN}
   * @param build the go command
   * @param name the binary's name, as go names it
   * @param outputs where it may be written (go install has two places, with and without {@code
   *     GOOS_GOARCH})
   * @param main the main package's directory relative to the repository root, or null when it does
   *     not come from the build context
   * @param packageArg the package argument as written
   */
  record Built(
      Stage stage,
      Stage.Step step,
      GoBuild build,
      String name,
      List<String> outputs,
      String main,
      String packageArg) {
    /** The output {@code path} names, exactly or as a directory holding it, or null. */
    String outputIn(String path) {
      String clean = ImagePaths.clean(path);
      for (String output : outputs) {
        if (ImagePaths.within(output, clean)) {
          return output;
        }
      }
      return null;
    }
  }

  /** Every binary the stage (and the stages it is built on) builds, in order. */
  List<Built> in(Stage stage) throws IOException {
    List<Built> out = new ArrayList<>();
    for (Located located : trace.chain(stage)) {
      if (located.step().instruction() instanceof Instruction.Run run) {
        for (ShellScript.Command command : commands(run, located.step())) {
          GoBuild build = GoBuild.of(command);
          if (build != null) {
            out.addAll(binaries(located, build));
          }
        }
      }
    }
    return out;
  }

  /** The last binary of the stage written at {@code path} or inside it, or null. */
  Built producing(Stage stage, String path) throws IOException {
    List<Built> all = in(stage);
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).outputIn(path) != null) {
        return all.get(i);
      }
    }
    return null;
  }

  /** The commands a {@code RUN} runs: its shell form, or a heredoc it hands to a shell. */
  static List<ShellScript.Command> commands(Instruction.Run run, Stage.Step step) {
    Map<String, String> env = step.env();
    if (run.command().exec()) {
      List<String> args = run.command().args();
      if (args.size() >= 3 && SHELLS.contains(args.get(0)) && args.get(1).equals("-c")) {
        return ShellScript.read(args.get(2), env, step.workdir());
      }
      Map<String, String> none = Map.of();
      return List.of(new ShellScript.Command(args, none, env, step.workdir(), Set.of(), false));
    }
    List<ShellScript.Command> commands =
        new ArrayList<>(ShellScript.read(run.command().text(), env, step.workdir()));
    boolean shellReadsHeredoc =
        commands.isEmpty() || SHELLS.contains(commands.get(0).words().get(0));
    if (shellReadsHeredoc) {
      commands.clear();
      for (Heredoc heredoc : run.heredocs()) {
        commands.addAll(ShellScript.read(heredoc.content(), env, step.workdir()));
      }
    }
    return commands;
  }

  /**
   * The binaries of one go command: one per package argument, and one per main package a pattern
   * ({@code ./...}) matches in the repository.
   */
  private List<Built> binaries(Located located, GoBuild build) throws IOException {
    List<String> mains = new ArrayList<>();
    int packages = 0;
    for (String pkg : build.packages()) {
      List<PackagePatterns.Match> matched =
          PackagePatterns.isPattern(pkg) ? expand(located, build, pkg) : null;
      if (matched == null) {
        // One package, or a pattern init cannot follow: taken as written.
        mains.add(pkg);
        packages++;
        continue;
      }
      packages += matched.size();
      for (PackagePatterns.Match m : matched) {
        if (m.main()) {
          mains.add(packageArg(pkg, m.rel(), build));
        }
      }
    }
    // go writes into -o as a directory when it builds more than one package, libraries included.
    boolean directory = packages > 1;
    List<Built> out = new ArrayList<>();
    for (String pkg : mains) {
      out.add(built(located, build, pkg, directory));
    }
    return out;
  }

  /** The packages a pattern matches in the repository, or null when it is not in it. */
  private List<PackagePatterns.Match> expand(Located at, GoBuild build, String pattern)
      throws IOException {
    String[] split = PackagePatterns.split(pattern);
    String repoBase;
    if (pattern.startsWith(".") || pattern.startsWith("/")) {
      repoBase = inRepo(at, ImagePaths.clean(ImagePaths.resolve(build.dir(), split[0])));
    } else {
      String moduleDir = inRepo(at, build.dir());
      GoModules.Module module = moduleDir == null ? null : GoModules.find(root, moduleDir);
      String prefix = split[0];
      if (module == null
          || !(prefix.equals(module.path()) || prefix.startsWith(module.path() + "/"))) {
        return null;
      }
      repoBase = ImagePaths.join(module.dir(), "." + prefix.substring(module.path().length()));
    }
    return repoBase == null ? null : PackagePatterns.match(root, repoBase, split[1]);
  }

  /** A package a pattern matched, as a package argument in the pattern's own form. */
  private static String packageArg(String pattern, String rel, GoBuild build) {
    String prefix = PackagePatterns.split(pattern)[0];
    if (pattern.startsWith(".") || pattern.startsWith("/")) {
      return ImagePaths.join(ImagePaths.resolve(build.dir(), prefix), rel);
    }
    return rel.equals(".") ? prefix : prefix + "/" + rel;
  }

  private Built built(Located located, GoBuild build, String pkg, boolean directory)
      throws IOException {
    Stage stage = located.stage();
    String main = mainDirectory(located, build, pkg);
    String name = binaryName(main, build, pkg);
    List<String> outputs = new ArrayList<>();
    Map<String, String> env = build.env();
    if (build.output() != null) {
      boolean intoDirectory =
          build.output().endsWith("/") || directory || isDirectory(located, build.output());
      outputs.add(intoDirectory ? ImagePaths.join(build.output(), name) : build.output());
    } else if (build.install()) {
      String gobin = env.get("GOBIN");
      if (gobin != null && !gobin.isEmpty()) {
        outputs.add(ImagePaths.join(gobin, name));
      } else {
        String gopath = env.getOrDefault("GOPATH", "/root/go").split(":")[0];
        outputs.add(ImagePaths.join(gopath, "bin/" + name));
        // go install puts a cross-compiled binary in a GOOS_GOARCH directory.
        if (env.containsKey("GOOS") || env.containsKey("GOARCH")) {
          String dir = env.getOrDefault("GOOS", "linux") + "_" + env.getOrDefault("GOARCH", "");
          outputs.add(ImagePaths.join(gopath, "bin/" + dir + "/" + name));
        }
      }
    } else {
      outputs.add(ImagePaths.join(build.dir(), name));
    }
    return new Built(stage, located.step(), build, name, outputs, main, pkg);
  }

  /**
   * Whether {@code path} is a directory when the go command of {@code at} runs, so that go writes
   * the binary into it ({@code -o /usr/local/bin}). Init knows the directories of the images Go is
   * built on and those each WORKDIR up to then created.
   */
  private boolean isDirectory(Located at, String path) {
    String clean = ImagePaths.clean(path);
    if (BaseImages.directories(trace.root(at.stage()).base()).contains(clean)) {
      return true;
    }
    List<Located> chain = trace.chain(at.stage());
    for (Located l : chain.subList(0, chain.indexOf(at) + 1)) {
      if (ImagePaths.within(l.step().workdir(), clean)) {
        return true;
      }
    }
    return false;
  }

  /** The main package's directory in the repository, or null when init cannot find it. */
  private String mainDirectory(Located at, GoBuild build, String pkg) throws IOException {
    if (pkg.contains("@")) {
      return null;
    }
    String containerDir;
    if (pkg.startsWith(".") || pkg.startsWith("/")) {
      containerDir = ImagePaths.clean(ImagePaths.resolve(build.dir(), pkg));
    } else {
      String moduleDir = inRepo(at, build.dir());
      GoModules.Module module = moduleDir == null ? null : GoModules.find(root, moduleDir);
      if (module == null || !(pkg.equals(module.path()) || pkg.startsWith(module.path() + "/"))) {
        return null;
      }
      String rest = pkg.substring(module.path().length());
      return ImagePaths.clean(module.dir() + "/" + rest);
    }
    return inRepo(at, containerDir);
  }

  /** Where the go command of {@code at} finds {@code containerPath} in the repository, or null. */
  private String inRepo(Located at, String containerPath) {
    return trace.originAt(at, containerPath) instanceof ContextTrace.FromContext c
        ? c.path()
        : null;
  }

  private String binaryName(String main, GoBuild build, String pkg) throws IOException {
    if (main != null) {
      GoModules.Module module = GoModules.find(root, main);
      if (module != null) {
        return ImportPaths.commandName(GoModules.importPath(module, main));
      }
      if (!main.equals(".")) {
        return ImagePaths.name(main);
      }
    }
    String path = pkg.contains("@") ? pkg.substring(0, pkg.indexOf('@')) : pkg;
    if (!path.startsWith(".") && !path.startsWith("/")) {
      return ImportPaths.commandName(path);
    }
    String dir = ImagePaths.clean(ImagePaths.resolve(build.dir(), path));
    return dir.equals("/") ? "app" : ImagePaths.name(dir);
  }
}
