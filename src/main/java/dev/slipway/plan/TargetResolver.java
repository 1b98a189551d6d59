package dev.slipway.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.BuildFailedException;
import dev.slipway.core.ImportPaths;
import dev.slipway.core.Subprocess;
import dev.slipway.core.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns package arguments into build targets with one {@code go list} per module. A directory
 * argument that lies in another module is listed, and later built, within that module.
 */
public final class TargetResolver {
  private final ObjectMapper mapper;
  private final Map<String, String> environment;

  /** {@code environment} is go list's whole environment (the build's, plus its module proxy). */
  public TargetResolver(ObjectMapper mapper, Map<String, String> environment) {
    this.mapper = mapper;
    this.environment = Map.copyOf(environment);
  }

  /** One package argument, placed in its module. */
  record Arg(String original, Path moduleRoot, String pattern, Path dir, boolean wildcard) {}

  public List<Target> resolve(Path workDir, List<String> packages)
      throws UsageException, BuildFailedException, IOException {
    Map<Path, List<Arg>> byModule = new LinkedHashMap<>();
    for (String pkg : packages) {
      Arg arg = place(workDir, pkg);
      byModule.computeIfAbsent(arg.moduleRoot(), k -> new ArrayList<>()).add(arg);
    }
    List<Target> targets = new ArrayList<>();
    Map<String, Target> byName = new HashMap<>();
    for (Map.Entry<Path, List<Arg>> module : byModule.entrySet()) {
      for (Target t : listModule(module.getKey(), module.getValue())) {
        Target clash = byName.putIfAbsent(t.name(), t);
        if (clash != null && !clash.importPath().equals(t.importPath())) {
          throw new UsageException(
              "two main packages are both named '"
                  + t.name()
                  + "' ("
                  + clash.importPath()
                  + " and "
                  + t.importPath()
                  + "); build them separately");
        }
        if (clash == null) {
          targets.add(t);
        }
      }
    }
    return targets;
  }

  /**
   * Targets for arguments that all name package directories ({@code ./cmd/app}), found without
   * running go: the import path follows from the module path and the directory. Empty when any
   * argument is a pattern or an import path, or a directory has no Go files; then only {@link
   * #resolve} can answer. If a directory turns out not to hold a main package, the build fails and
   * {@link #resolve} explains why.
   */
  public static Optional<List<Target>> direct(Path workDir, List<String> packages)
      throws UsageException, IOException {
    List<Target> targets = new ArrayList<>();
    for (String pkg : packages) {
      Arg arg = place(workDir, pkg);
      if (arg.wildcard() || arg.dir() == null || !hasGoFiles(arg.dir())) {
        return Optional.empty();
      }
      Optional<String> found = importPath(arg.moduleRoot(), arg.dir());
      if (found.isEmpty()) {
        return Optional.empty();
      }
      String importPath = found.get();
      Target t =
          new Target(ImportPaths.commandName(importPath), importPath, arg.moduleRoot(), arg.dir());
      for (Target other : targets) {
        if (other.name().equals(t.name()) && !other.importPath().equals(t.importPath())) {
          return Optional.empty();
        }
      }
      if (!targets.contains(t)) {
        targets.add(t);
      }
    }
    return Optional.of(targets);
  }

  private static boolean hasGoFiles(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.anyMatch(
          f -> {
            String n = f.getFileName().toString();
            return n.endsWith(".go") && !n.endsWith("_test.go") && Files.isRegularFile(f);
          });
    }
  }

  /**
   * The import path of the package in {@code dir} of the module at {@code moduleRoot}: its module
   * path and the directory below the root, read from go.mod without running go.
   */
  public static Optional<String> importPath(Path moduleRoot, Path dir) throws IOException {
    String rel = moduleRoot.relativize(dir).toString().replace('\\', '/');
    return modulePath(moduleRoot).map(m -> rel.isEmpty() ? m : m + "/" + rel);
  }

  /** The {@code module} line of go.mod, or empty if it cannot be read simply. */
  public static Optional<String> modulePath(Path moduleRoot) throws IOException {
    for (String raw : Files.readAllLines(moduleRoot.resolve("go.mod"))) {
      String line = raw.strip();
      int comment = line.indexOf("//");
      if (comment >= 0) {
        line = line.substring(0, comment).strip();
      }
      if (line.startsWith("module ") || line.startsWith("module\t")) {
        String path = line.substring(7).strip();
        if (path.startsWith("\"") && path.endsWith("\"") && path.length() > 1) {
          path = path.substring(1, path.length() - 1);
        }
        return path.isEmpty() || path.contains(" ") ? Optional.empty() : Optional.of(path);
      }
    }
    return Optional.empty();
  }

  /** The module roots the package arguments lie in, found without running go. */
  public static List<Path> moduleRoots(Path workDir, List<String> packages) throws UsageException {
    java.util.Set<Path> roots = new java.util.LinkedHashSet<>();
    for (String pkg : packages) {
      roots.add(place(workDir, pkg).moduleRoot());
    }
    return new ArrayList<>(roots);
  }

  private static Arg place(Path workDir, String pkg) throws UsageException {
    boolean wildcard = pkg.endsWith("/...") || pkg.equals("...");
    String dirPart = pkg.equals("...") ? "." : wildcard ? pkg.substring(0, pkg.length() - 4) : pkg;
    boolean explicitDir =
        dirPart.equals(".")
            || dirPart.equals("..")
            || dirPart.startsWith("./")
            || dirPart.startsWith("../")
            || dirPart.startsWith("/");
    Path dir = workDir.resolve(dirPart).normalize();
    if (!explicitDir && !Files.isDirectory(dir)) {
      // An import path: it belongs to the module of the working directory.
      Path root = moduleOf(workDir, pkg);
      return new Arg(pkg, root, pkg, null, pkg.contains("..."));
    }
    if (!Files.isDirectory(dir)) {
      throw new UsageException("package " + pkg + ": directory " + dir + " does not exist");
    }
    Path root = moduleOf(dir, pkg);
    String rel = root.relativize(dir).toString().replace('\\', '/');
    String pattern = rel.isEmpty() ? "." : "./" + rel;
    if (wildcard) {
      pattern = pattern.equals(".") ? "./..." : pattern + "/...";
    }
    return new Arg(pkg, root, pattern, dir, wildcard);
  }

  private static Path moduleOf(Path dir, String pkg) throws UsageException {
    return ModuleRoots.find(dir)
        .orElseThrow(
            () ->
                new UsageException(
                    "not inside a Go module: no go.mod in "
                        + dir.toAbsolutePath().normalize()
                        + " or any parent (for package "
                        + pkg
                        + "); run 'go mod init', or pass -C DIR"));
  }

  private List<Target> listModule(Path root, List<Arg> args)
      throws UsageException, BuildFailedException, IOException {
    List<String> command =
        new ArrayList<>(List.of("go", "list", "-e", "-json=Name,ImportPath,Dir,Error"));
    args.forEach(a -> command.add(a.pattern()));
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
    pb.environment().clear();
    pb.environment().putAll(environment);
    pb.environment().put("GOFLAGS", mergeGoFlags(pb.environment().get("GOFLAGS")));
    byte[] out;
    byte[] err;
    int code;
    try (Subprocess process = Subprocess.start(pb);
        var stdout = process.stdout();
        var stderr = process.stderr()) {
      var errFuture = java.util.concurrent.CompletableFuture.supplyAsync(() -> readQuietly(stderr));
      out = stdout.readAllBytes();
      err = errFuture.join();
      try {
        code = process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while running go list", e);
      }
    }
    String errText = new String(err, StandardCharsets.UTF_8).strip();
    if (code != 0) {
      throw new UsageException("go list failed in " + root + ":\n" + errText);
    }
    List<JsonNode> listed = new ArrayList<>();
    try (MappingIterator<JsonNode> it = mapper.readerFor(JsonNode.class).readValues(out)) {
      while (it.hasNext()) {
        listed.add(it.next());
      }
    }
    List<Target> targets = new ArrayList<>();
    for (JsonNode p : listed) {
      String importPath = p.path("ImportPath").asText();
      if (p.hasNonNull("Error")) {
        String message =
            "package " + importPath + ": " + p.path("Error").path("Err").asText().strip();
        // An error at a position in a file is broken source (exit 1); one without names a
        // package that cannot be found or used (exit 2).
        if (!p.path("Error").path("Pos").asText("").isEmpty()) {
          throw new BuildFailedException(message);
        }
        throw new UsageException(message);
      }
      Path dir = Path.of(p.path("Dir").asText());
      if (!"main".equals(p.path("Name").asText())) {
        for (Arg a : args) {
          if (!a.wildcard() && (dir.equals(a.dir()) || importPath.equals(a.pattern()))) {
            throw new UsageException(
                "package "
                    + a.original()
                    + " ("
                    + importPath
                    + ") is package "
                    + p.path("Name").asText()
                    + ", not a main package; slipway builds commands (try ./cmd/...)");
          }
        }
        continue;
      }
      targets.add(new Target(ImportPaths.commandName(importPath), importPath, root, dir));
    }
    if (targets.isEmpty()) {
      String patterns = String.join(" ", args.stream().map(Arg::original).toList());
      throw new UsageException(
          "no main packages match " + patterns + (errText.isEmpty() ? "" : " (" + errText + ")"));
    }
    return targets;
  }

  private static byte[] readQuietly(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /** Listing must not be stamped with VCS data either, or it would shell out to git. */
  static String mergeGoFlags(String existing) {
    if (existing == null || existing.isBlank()) {
      return "-buildvcs=false";
    }
    return existing.contains("-buildvcs") ? existing : existing + " -buildvcs=false";
  }
}
