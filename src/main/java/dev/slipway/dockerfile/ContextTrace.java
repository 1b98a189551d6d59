package dev.slipway.dockerfile;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a path of a stage back to where it came from: the {@code COPY} that put it there, from
 * the build context or (through {@code COPY --from}) from another stage. A {@code RUN} may still
 * have changed it since; init cannot know, so callers check that the path exists in the context.
 */
final class ContextTrace {
  private final List<Stage> stages;
  private final Path root;
  private final String context;

  /** {@code context} is the build context, relative to the repository {@code root}. */
  ContextTrace(List<Stage> stages, Path root, String context) {
    this.stages = List.copyOf(stages);
    this.root = root;
    this.context = context;
  }

  /** Where a path of a stage came from. */
  sealed interface Origin {}

  /**
   * From the build context.
   *
   * @param path the path relative to the repository root
   * @param copy the instruction that copied it from the context, or null when a {@code RUN}'s bind
   *     mount shows it
   */
  record FromContext(String path, Instruction.Copy copy) implements Origin {}

  /** From an image that is not a stage of this Dockerfile, or a stage's base image. */
  record FromImage(String image, String path) implements Origin {}

  /** Nothing copied it: a {@code RUN} made it, or the base image had it. */
  record Unknown() implements Origin {}

  /** A step with its stage. */
  record Located(Stage stage, Stage.Step step) {}

  /** The steps that built {@code stage}: those of the stages it is built on first. */
  List<Located> chain(Stage stage) {
    List<Located> out = new ArrayList<>();
    if (stage.parent() >= 0) {
      out.addAll(chain(stages.get(stage.parent())));
    }
    for (Stage.Step step : stage.steps()) {
      out.add(new Located(stage, step));
    }
    return out;
  }

  /** Every {@code RUN} of the Dockerfile, stage by stage, in order. */
  List<Located> runs() {
    List<Located> out = new ArrayList<>();
    for (Stage stage : stages) {
      for (Stage.Step step : stage.steps()) {
        if (step.instruction() instanceof Instruction.Run) {
          out.add(new Located(stage, step));
        }
      }
    }
    return out;
  }

  /** The stage a {@code --from} value names (name or index), or null for an image. */
  Stage stage(String from) {
    for (Stage s : stages) {
      if (from.equalsIgnoreCase(s.name())) {
        return s;
      }
    }
    if (from.matches("[0-9]+")) {
      int index = Integer.parseInt(from);
      return index < stages.size() ? stages.get(index) : null;
    }
    return null;
  }

  /** The root of the chain {@code stage} is built on. */
  Stage root(Stage stage) {
    return stage.parent() < 0 ? stage : root(stages.get(stage.parent()));
  }

  /** Where {@code path} (absolute) of {@code stage} came from. */
  Origin origin(Stage stage, String path) {
    return originIn(chain(stage), ImagePaths.clean(path));
  }

  /**
   * Where {@code path} (absolute) came from as the step {@code at} sees it: the steps after it do
   * not count, and a {@code RUN} sees its own bind mounts over the stage.
   */
  Origin originAt(Located at, String path) {
    String target = ImagePaths.clean(path);
    if (at.step().instruction() instanceof Instruction.Run run) {
      RunMount covering = null;
      for (RunMount m : RunMount.of(run, at.step().workdir())) {
        // BuildKit mounts a parent before what is mounted inside it, so the deepest one is seen;
        // of two at one target, the later.
        if (m.covers(target)
            && (covering == null || ImagePaths.within(m.target(), covering.target()))) {
          covering = m;
        }
      }
      if (covering != null) {
        return mounted(covering, target);
      }
    }
    List<Located> chain = chain(at.stage());
    return originIn(chain.subList(0, chain.indexOf(at) + 1), target);
  }

  private Origin mounted(RunMount mount, String target) {
    if (!mount.type().equals("bind")) {
      return new Unknown(); // a cache or tmpfs hides what is below it, and holds what RUNs left
    }
    String source = mount.sourceOf(target);
    if (mount.from() == null) {
      return new FromContext(inRepo(source), null);
    }
    Stage other = stage(mount.from());
    String absolute = ImagePaths.clean("/" + source);
    return other == null ? new FromImage(mount.from(), absolute) : origin(other, absolute);
  }

  private Origin originIn(List<Located> chain, String target) {
    for (int i = chain.size() - 1; i >= 0; i--) {
      if (!(chain.get(i).step().instruction() instanceof Instruction.Copy copy)) {
        continue;
      }
      List<String> sources = copy.sources();
      for (int s = sources.size() - 1; s >= 0; s--) {
        Origin found = match(copy, sources.get(s), target);
        if (found != null) {
          return found;
        }
      }
    }
    return new Unknown();
  }

  private Origin match(Instruction.Copy copy, String source, String target) {
    String dest = copy.destination();
    boolean destDir = dest.endsWith("/") || copy.sources().size() + copy.heredocs().size() > 1;
    String destClean = ImagePaths.clean(dest);
    if (copy.from() == null) {
      if (copy.add() && source.matches("^[a-z]+://.*")) {
        return null;
      }
      String src = ImagePaths.clean(source.startsWith("/") ? source.substring(1) : source);
      String base = copy.parents() ? ImagePaths.join(destClean, src) : destClean;
      if (isGlob(src)) {
        String parent = parent(target);
        String glob = ImagePaths.name(src);
        if (parent.equals(destClean)
            && FileSystems.getDefault()
                .getPathMatcher("glob:" + glob)
                .matches(Path.of(ImagePaths.name(target)))) {
          return new FromContext(
              inRepo(ImagePaths.join(parent(src), ImagePaths.name(target))), copy);
        }
        return null;
      }
      if (isDirectory(src)) {
        return ImagePaths.within(target, base)
            ? new FromContext(inRepo(ImagePaths.join(src, ImagePaths.relative(target, base))), copy)
            : null;
      }
      String file = destDir ? ImagePaths.join(base, ImagePaths.name(src)) : base;
      return target.equals(file) ? new FromContext(inRepo(src), copy) : null;
    }
    String src = ImagePaths.clean(source.startsWith("/") ? source : "/" + source);
    String file = destDir ? ImagePaths.join(destClean, ImagePaths.name(src)) : destClean;
    String from;
    if (target.equals(file)) {
      from = src;
    } else if (ImagePaths.within(target, destClean)) {
      // Without the other stage's files init cannot tell a file from a directory: a path under
      // the destination is taken to come from a directory copied there.
      from = ImagePaths.join(src, ImagePaths.relative(target, destClean));
    } else {
      return null;
    }
    Stage other = stage(copy.from());
    return other == null ? new FromImage(copy.from(), from) : origin(other, from);
  }

  /** A context path as a path relative to the repository root. */
  private String inRepo(String contextPath) {
    return ImagePaths.clean(context + "/" + contextPath);
  }

  private boolean isDirectory(String contextPath) {
    return contextPath.equals(".") || Files.isDirectory(root.resolve(inRepo(contextPath)));
  }

  private static boolean isGlob(String path) {
    return path.contains("*") || path.contains("?") || path.contains("[");
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    if (slash < 0) {
      return ".";
    }
    return slash == 0 ? "/" : path.substring(0, slash);
  }
}
