package dev.slipway.cli;

import dev.slipway.config.ProjectConfig;
import dev.slipway.core.AtomicFiles;
import dev.slipway.core.UsageException;
import dev.slipway.dockerfile.DockerfileDiscovery;
import dev.slipway.dockerfile.InitOptions;
import dev.slipway.dockerfile.InitPlan;
import dev.slipway.dockerfile.Note;
import dev.slipway.dockerfile.SlipwayInit;
import dev.slipway.dockerfile.SlipwayYamlWriter;
import dev.slipway.dockerfile.Translation;
import dev.slipway.plan.RequestChecks;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slipway init}: writes the slipway.yaml that reproduces the repository's Dockerfiles, and
 * says, by {@code Dockerfile:line}, what it could not translate.
 */
@Command(
    name = "init",
    description = "Write slipway.yaml from the repository's Dockerfiles.",
    mixinStandardHelpOptions = true)
final class InitCommand implements Callable<Integer> {
  private final PrintStream out;
  private final PrintStream err;

  @Option(names = "-C", paramLabel = "DIR", description = "The repository (default: .).")
  Path chdir;

  @Option(
      names = "--build-arg",
      paramLabel = "K=V",
      description = "A value for an ARG, as docker build takes it (repeatable).")
  List<String> buildArgs = new ArrayList<>();

  @Option(
      names = "--target",
      paramLabel = "STAGE",
      description = "The stage to translate, as docker build --target names it.")
  String target;

  @Option(names = "--stdout", description = "Print slipway.yaml instead of writing it.")
  boolean toStdout;

  @Option(names = "--force", description = "Replace an existing slipway.yaml.")
  boolean force;

  private final Paths paths;

  InitCommand(PrintStream out, PrintStream err, Paths paths) {
    this.paths = paths;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws Exception {
    Path root = paths.workDir(chdir);
    Path file = root.resolve(ProjectConfig.FILE_NAME);
    if (!toStdout && !force && Files.exists(file)) {
      throw new UsageException(file + " exists; --force replaces it, --stdout prints instead");
    }
    DockerfileDiscovery.Result found = DockerfileDiscovery.find(root);
    found.problems().forEach(p -> err.println("slipway: warning: " + p));
    if (found.sources().isEmpty()) {
      throw new UsageException("no Dockerfile under " + root + " to start from");
    }
    InitPlan plan =
        SlipwayInit.plan(
            root,
            found.sources(),
            new InitOptions(RequestChecks.assignments("--build-arg", buildArgs), target));
    for (Translation t : plan.translations()) {
      for (Note note : t.notes()) {
        err.println(
            note.place()
                + ": "
                + note.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + ": "
                + note.message());
      }
    }
    String yaml = SlipwayYamlWriter.write(plan);
    if (toStdout) {
      out.print(yaml);
    } else {
      AtomicFiles.write(file, yaml.getBytes(StandardCharsets.UTF_8));
      err.println(
          "slipway: wrote "
              + ProjectConfig.FILE_NAME
              + ": "
              + plan.targets().size()
              + " target(s) from "
              + found.sources().size()
              + " Dockerfile(s)");
    }
    return 0;
  }
}
