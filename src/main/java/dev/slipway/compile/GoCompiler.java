package dev.slipway.compile;

import dev.slipway.core.BuildFailedException;
import dev.slipway.core.DaemonThreads;
import dev.slipway.core.ImportPaths;
import dev.slipway.core.Progress;
import dev.slipway.core.Subprocess;
import dev.slipway.core.UsageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * Runs {@code go build} with Slipway's fixed settings: {@code CGO_ENABLED=0}, {@code -trimpath},
 * and VCS stamping off unless asked for, so a binary depends on its sources only.
 */
public final class GoCompiler {
  /**
   * The GOCACHEPROG of one go build: a conversation serves one go process, so each build asks for
   * its own.
   */
  @FunctionalInterface
  public interface CacheProg {
    String next() throws IOException;
  }

  private final String goCommand;
  private final Map<String, String> baseEnvironment;
  private final CacheProg cacheProg;

  /** {@code baseEnvironment} is the process environment go starts from, before a build's own. */
  public GoCompiler(String goCommand, Map<String, String> baseEnvironment) {
    this(goCommand, baseEnvironment, null);
  }

  /** As above, each go build with its own GOCACHEPROG from {@code cacheProg} (null: go's own). */
  public GoCompiler(String goCommand, Map<String, String> baseEnvironment, CacheProg cacheProg) {
    this.goCommand = goCommand;
    this.baseEnvironment = Map.copyOf(baseEnvironment);
    this.cacheProg = cacheProg;
  }

  /** The command line for a build, exposed so fingerprints and explanations can name it. */
  public List<String> commandLine(GoBuild build) {
    // -v names each package go compiles rather than takes from its cache: the rebuilds to explain
    List<String> command = new ArrayList<>(List.of(goCommand, "build", "-v", "-trimpath"));
    command.add(build.buildVcs() ? "-buildvcs=true" : "-buildvcs=false");
    command.addAll(build.flags());
    if (!build.ldflags().isEmpty()) {
      command.add("-ldflags=" + build.ldflags());
    }
    if (!build.tags().isEmpty()) {
      command.add("-tags=" + build.tags());
    }
    // What go ran and when: compile and link times for the timeline and the build record.
    command.add("-debug-actiongraph=" + actionGraph(build));
    // A trailing separator makes go treat -o as a directory even for a single package.
    command.add("-o");
    command.add(build.outputDir().toString() + "/");
    command.addAll(build.importPaths());
    return command;
  }

  public Map<String, String> environment(GoBuild build) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CGO_ENABLED", "0");
    env.put("GOOS", build.platform().os());
    env.put("GOARCH", build.platform().architecture());
    String variant = build.platform().goVariantEnv();
    if (variant != null) {
      int eq = variant.indexOf('=');
      env.put(variant.substring(0, eq), variant.substring(eq + 1));
    }
    env.putAll(build.env());
    return env;
  }

  String goCommand() {
    return goCommand;
  }

  /** The whole environment go runs in for {@code build}: the base, then the build's own. */
  Map<String, String> processEnvironment(GoBuild build) {
    Map<String, String> env = new LinkedHashMap<>(baseEnvironment);
    env.putAll(environment(build));
    return env;
  }

  /**
   * What one {@code go build} produced: the binary of each import path, and the packages go
   * compiled rather than found in its build cache, in go's order.
   */
  public record Result(Map<String, Path> binaries, List<String> compiled, GoAction.Graph graph) {
    public Result {
      binaries = Map.copyOf(binaries);
      compiled = List.copyOf(compiled);
    }

    /** The compiles and links go ran. */
    public List<GoAction> actions() {
      return graph.ran();
    }
  }

  /** Where go writes the build's action graph: beside the output directory, not in it. */
  static Path actionGraph(GoBuild build) {
    return build.outputDir().resolveSibling(build.outputDir().getFileName() + ".actions.json");
  }

  /**
   * Builds, and returns the binary of each import path, advancing {@code compiled} by one for each
   * package go names as it compiles it (read from go's stderr while it runs). A compile error is a
   * failed build (exit 1) carrying go's own messages.
   */
  public Result build(GoBuild build, Progress.Task compiled)
      throws BuildFailedException, UsageException, IOException {
    Files.createDirectories(build.outputDir());
    ProcessBuilder pb =
        new ProcessBuilder(commandLine(build)).directory(build.moduleRoot().toFile());
    pb.environment().clear();
    pb.environment().putAll(processEnvironment(build));
    if (cacheProg != null) {
      pb.environment().put("GOCACHEPROG", cacheProg.next());
    }
    int code;
    String errors;
    String messages;
    try (Subprocess process = start(pb)) {
      CompletableFuture<String> out = drain(process.stdout());
      CompletableFuture<String> err =
          CompletableFuture.supplyAsync(
              () -> streamLines(process.stderr(), p -> compiled.advance(1)), PIPE_READERS);
      try {
        code = process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while running go build", e);
      }
      errors = err.join();
      messages = (out.join() + errors).strip();
    }
    if (code != 0) {
      throw new BuildFailedException(
          "go build failed for "
              + String.join(" ", build.importPaths())
              + " ("
              + build.platform()
              + "):\n"
              + messages);
    }
    Map<String, Path> binaries = new LinkedHashMap<>();
    for (String importPath : build.importPaths()) {
      Path binary = build.outputDir().resolve(binaryName(importPath, build.platform().os()));
      if (!Files.isRegularFile(binary)) {
        throw new BuildFailedException("go build reported success but wrote no " + binary);
      }
      binaries.put(importPath, binary);
    }
    GoAction.Graph graph = GoAction.graph(actionGraph(build));
    Files.deleteIfExists(actionGraph(build));
    return new Result(binaries, compiledPackages(errors), graph);
  }

  /** Starts go, tied to this JVM; a go that cannot be found is a usage error. */
  private Subprocess start(ProcessBuilder pb) throws UsageException {
    try {
      return Subprocess.start(pb);
    } catch (IOException e) {
      throw new UsageException("cannot run '" + goCommand + "': " + e.getMessage(), e);
    }
  }

  /**
   * The import paths {@code -v} printed. Other lines go may print on success ({@code go:
   * downloading ...}, {@code # pkg} warnings and their messages) all contain a space, a colon or a
   * {@code #}, which no import path does.
   */
  static List<String> compiledPackages(String stderr) {
    List<String> out = new ArrayList<>();
    for (String line : stderr.split("\n")) {
      String s = line.strip();
      if (isPackageLine(s)) {
        out.add(s);
      }
    }
    return out;
  }

  private static boolean isPackageLine(String s) {
    return !s.isEmpty() && s.chars().noneMatch(c -> c == ' ' || c == ':' || c == '#' || c == '\t');
  }

  /**
   * Reads go's stderr line by line as go writes it, telling {@code onPackage} each import path it
   * names, and returns the whole text (for error messages and {@link #compiledPackages}).
   */
  static String streamLines(InputStream in, Consumer<String> onPackage) {
    StringBuilder text = new StringBuilder();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        text.append(line).append('\n');
        String s = line.strip();
        if (isPackageLine(s)) {
          onPackage.accept(s);
        }
      }
    } catch (IOException e) {
      // the process went away; what was read is all there is
    }
    return text.toString();
  }

  /** The file name go writes for a main package with {@code -o dir/}. */
  public static String binaryName(String importPath, String goos) {
    String name = ImportPaths.commandName(importPath);
    return goos.equals("windows") ? name + ".exe" : name;
  }

  /**
   * A thread of its own for each pipe of a go process: a reader waiting in a shared pool while go
   * blocks on a full pipe could hang the build.
   */
  private static final ThreadFactory PIPE_THREADS = DaemonThreads.named("slipway-go-pipe");

  private static final Executor PIPE_READERS = task -> PIPE_THREADS.newThread(task).start();

  public static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        },
        PIPE_READERS);
  }
}
