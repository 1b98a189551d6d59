package dev.slipway.dockerfile;

import dev.slipway.dockerfile.GoBinaries.Built;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Puts a target together from what the final stage holds and the build of its binary: the name,
 * main package, base, platforms, user and entrypoint, with notes where Slipway's image differs.
 */
final class TargetAssembly {
  /** Binary names too common to tell services apart; the directory names the target instead. */
  private static final Set<String> GENERIC =
      Set.of("app", "server", "main", "service", "svc", "bin", "binary", "out", "run", "cmd");

  private final ContextTrace trace;
  private final DockerfileSource source;
  private final Path root;
  private final Notes notes;

  TargetAssembly(ContextTrace trace, DockerfileSource source, Path root, Notes notes) {
    this.trace = trace;
    this.source = source;
    this.root = root;
    this.notes = notes;
  }

  /** The target, or null (with a note) when its main package is not in the repository. */
  TargetPlan assemble(Stage stage, FinalStageReader.Contents contents) {
    Built built = contents.built();
    int buildLine = built.step().instruction().line();
    BuildTranslation.Result build = BuildTranslation.of(built, notes);
    if (build.main() == null) {
      notes.notTranslated(
          buildLine,
          "the main package "
              + built.packageArg()
              + " is not copied from the build context,"
              + " so it cannot be built from this repository");
      return null;
    }
    if (!Files.isDirectory(root.resolve(build.main()))) {
      notes.notTranslated(
          buildLine, "the main package " + build.main() + " is not a directory of the repository");
    }
    String name = name(built);
    String image = trace.root(stage).base();
    boolean builtInFinal = trace.chain(stage).stream().anyMatch(l -> l.step().equals(built.step()));
    String base = base(stage, image, builtInFinal, build.cgo());
    if (contents.user() == null && !BaseImages.runsAsNonroot(image)) {
      notes.translated(
          stage.line(),
          "the Dockerfile sets no USER, so its image ran as root (unless "
              + image
              + " sets a"
              + " user); Slipway's runs as 65532 (nonroot): add user: \"0\" if the service needs"
              + " root");
    }
    buildPlatformNote(built);
    EntrypointMapping.Result entry =
        new EntrypointMapping(
                contents.binaryPath(),
                name,
                contents.workdir(),
                contents.env().getOrDefault("PATH", BaseImages.env(image).get("PATH")),
                notes)
            .of(contents.entrypoint(), contents.cmd());
    return new TargetPlan(
        name,
        build.main(),
        base,
        platforms(stage, build.platforms()),
        build.build(),
        contents.files(),
        contents.workdir(),
        contents.env(),
        entry.entrypoint(),
        entry.args(),
        new UserMapping(notes).of(contents.user(), trace.runs(), base == null),
        contents.ports(),
        contents.labels());
  }

  private String base(Stage stage, String image, boolean builtInFinal, boolean cgo) {
    BaseImages.Kind kind = BaseImages.kind(image);
    if (builtInFinal) {
      // The note that the stage builds its own binary says it all.
      return null;
    }
    if (kind == BaseImages.Kind.GOLANG) {
      notes.translated(
          stage.line(),
          "the final stage is based on "
              + image
              + ", which has the Go toolchain: Slipway's image"
              + " uses its static base instead");
      return null;
    }
    switch (kind) {
      case SCRATCH, STATIC -> {
        return null;
      }
      case GLIBC -> {
        if (cgo) {
          return image;
        }
        notes.translated(
            stage.line(),
            image
                + " has glibc; Slipway's static base has none, which a binary built with"
                + " CGO_ENABLED=0 does not need");
        return null;
      }
      default -> {
        return image;
      }
    }
  }

  private List<String> platforms(Stage stage, List<String> fromBuild) {
    String platform = stage.platform();
    if (platform == null || platform.equals("$TARGETPLATFORM")) {
      return fromBuild;
    }
    if (platform.contains("$")) {
      notes.notTranslated(
          stage.line(),
          "FROM --platform="
              + platform
              + " makes the image for another platform than the one"
              + " asked for; Slipway makes one image per target platform");
      return fromBuild;
    }
    notes.translated(
        stage.line(),
        "FROM --platform=" + platform + " pins the image to " + platform + ": platforms says so");
    return List.of(platform);
  }

  /** A build stage on $BUILDPLATFORM that sets no GOARCH built for the build machine only. */
  private void buildPlatformNote(Built built) {
    Stage buildRoot = trace.root(built.stage());
    String platform = buildRoot.from().platform();
    if (platform != null
        && platform.contains("BUILDPLATFORM")
        && !built.build().env().containsKey("GOARCH")) {
      notes.notTranslated(
          buildRoot.line(),
          "the build stage runs on $BUILDPLATFORM and go build sets no GOARCH, so every platform's"
              + " image got a binary for the build machine; Slipway builds one per target"
              + " platform");
    }
  }

  private String name(Built built) {
    String name = sanitize(built.name());
    if (!name.isEmpty() && !GENERIC.contains(name)) {
      return name;
    }
    String dir = ImagePaths.clean(source.dockerfile() + "/..");
    String dirName =
        dir.equals(".")
            ? String.valueOf(root.toAbsolutePath().normalize().getFileName())
            : ImagePaths.name(dir);
    String fromDir = sanitize(dirName);
    return fromDir.isEmpty() ? (name.isEmpty() ? "app" : name) : fromDir;
  }

  /** A name as slipway.yaml accepts it: lower case letters, digits, '.', '_', '-'. */
  static String sanitize(String name) {
    String lower = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
    return lower.replaceAll("^[^a-z0-9]+", "");
  }
}
