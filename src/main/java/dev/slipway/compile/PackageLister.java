package dev.slipway.compile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.slipway.core.BuildFailedException;
import dev.slipway.core.Subprocess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Lists every package a build reads with {@code go list -deps}, in the build's own environment,
 * platform and tags, so that an explanation compares exactly what go compiled. Only the fields it
 * needs are asked for, which spares go the staleness check.
 */
public final class PackageLister {
  static final String FIELDS =
      "ImportPath,Dir,Standard,Module,GoFiles,CgoFiles,SFiles,HFiles,SysoFiles,EmbedFiles,Imports";
  private static final List<String> FILE_FIELDS =
      List.of("GoFiles", "CgoFiles", "SFiles", "HFiles", "SysoFiles", "EmbedFiles");

  private final GoCompiler compiler;

  public PackageLister(GoCompiler compiler) {
    this.compiler = compiler;
  }

  public List<String> commandLine(GoBuild build) {
    List<String> command = new ArrayList<>(List.of(compiler.goCommand(), "list", "-deps"));
    command.add("-json=" + FIELDS);
    command.addAll(build.flags()); // -mod, -tags and the like change which packages there are
    if (!build.tags().isEmpty()) {
      command.add("-tags=" + build.tags());
    }
    command.addAll(build.importPaths());
    return command;
  }

  /** The packages of {@code build} and all their dependencies, standard library included. */
  public List<GoPackage> list(GoBuild build) throws BuildFailedException, IOException {
    Map<String, String> env = compiler.processEnvironment(build);
    env.remove("GOCACHEPROG"); // listing needs no build cache: no cache program to start
    ProcessBuilder pb =
        new ProcessBuilder(commandLine(build)).directory(build.moduleRoot().toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    List<GoPackage> packages;
    try (Subprocess process = Subprocess.start(pb)) {
      CompletableFuture<String> err = GoCompiler.drain(process.stderr());
      try (InputStream in = process.stdout()) {
        packages = parse(in);
      }
      try {
        if (process.waitFor() != 0) {
          throw new BuildFailedException(
              "go list failed for "
                  + String.join(" ", build.importPaths())
                  + ": "
                  + err.join().strip());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while running go list", e);
      }
    }
    return packages;
  }

  /** Parses go list's stream of JSON objects, one per package. */
  static List<GoPackage> parse(InputStream in) throws IOException {
    List<GoPackage> packages = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(in)) {
      while (p.nextToken() == JsonToken.START_OBJECT) {
        packages.add(readPackage(p));
      }
    }
    return packages;
  }

  private static GoPackage readPackage(JsonParser p) throws IOException {
    String importPath = "";
    String dir = "";
    boolean standard = false;
    String module = "";
    String version = "";
    List<String> files = new ArrayList<>();
    List<String> imports = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "ImportPath" -> importPath = p.getText();
        case "Dir" -> dir = p.getText();
        case "Standard" -> standard = p.getBooleanValue();
        case "Imports" -> imports.addAll(strings(p));
        case "Module" -> {
          String[] m = readModule(p);
          module = m[0];
          version = m[1];
        }
        default -> {
          if (FILE_FIELDS.contains(field)) {
            files.addAll(strings(p));
          } else {
            p.skipChildren();
          }
        }
      }
    }
    return new GoPackage(
        importPath,
        Path.of(dir),
        standard,
        module,
        version,
        files.stream().sorted().toList(),
        imports);
  }

  /**
   * The module's path and the version that identifies its content: a replacement's version if it
   * has one, none for a main module or a directory replacement.
   */
  private static String[] readModule(JsonParser p) throws IOException {
    String path = "";
    String version = "";
    boolean replaced = false;
    String replaceVersion = "";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "Path" -> path = p.getText();
        case "Version" -> version = p.getText();
        case "Replace" -> {
          replaced = true;
          String[] r = readModule(p);
          replaceVersion = r[1].isEmpty() ? "" : r[0] + "@" + r[1];
        }
        default -> p.skipChildren();
      }
    }
    return new String[] {path, replaced ? replaceVersion : version};
  }

  private static List<String> strings(JsonParser p) throws IOException {
    List<String> out = new ArrayList<>();
    while (p.nextToken() == JsonToken.VALUE_STRING) {
      out.add(p.getText());
    }
    return out;
  }
}
