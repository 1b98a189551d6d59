package dev.slipway.dockerfile;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Translates one Dockerfile into a slipway.yaml target: parses it, substitutes its variables,
 * follows its final stage back to the {@code go build} of its binary, and collects notes. A
 * Dockerfile that cannot be read gives no target and a note naming the line, so that one bad file
 * does not stop {@code slipway init} for a whole repository.
 */
public final class Translator {
  private Translator() {}

  /**
   * Translates {@code source}, whose paths are relative to {@code root} (the repository, where
   * slipway.yaml goes).
   *
   * @throws IOException when the repository cannot be read (a missing Dockerfile is a note)
   */
  public static Translation translate(Path root, DockerfileSource source, InitOptions options)
      throws IOException {
    Notes notes = new Notes(source.dockerfile());
    String text;
    try {
      text = Files.readString(root.resolve(source.dockerfile()), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      notes.notTranslated(0, "the Dockerfile does not exist");
      return new Translation(source, null, null, notes.sorted());
    } catch (CharacterCodingException e) {
      notes.notTranslated(0, "the Dockerfile is not UTF-8 text");
      return new Translation(source, null, null, notes.sorted());
    }
    List<Stage> stages;
    try {
      stages = Stages.of(DockerfileParser.parse(source.dockerfile(), text), options.buildArgs());
    } catch (DockerfileException e) {
      notes.notTranslated(e.line(), "the Dockerfile cannot be read: " + e.reason());
      return new Translation(source, null, null, notes.sorted());
    }
    Stage stage = select(stages, options.target(), notes);
    ContextTrace trace = new ContextTrace(stages, root, source.context());
    Advice advice = new Advice(trace, notes, options.buildArgs());
    advice.dockerignore(root, source);
    advice.bases(stages);
    FinalStageReader.Contents contents =
        new FinalStageReader(
                trace, root, source.context(), stage, notes, DockerIgnore.read(root, source))
            .read();
    if (contents == null) {
      // Not a Go image: what else it does is of no concern to slipway.yaml.
      Notes only = new Notes(source.dockerfile());
      only.notTranslated(
          stage.line(),
          "no Go binary found: the final stage copies none from a stage that runs go build or go"
              + " install, and builds none (not a Go service?)");
      return new Translation(source, stage.label(), null, only.sorted());
    }
    TargetPlan target = new TargetAssembly(trace, source, root, notes).assemble(stage, contents);
    advice.build(contents.built());
    return new Translation(source, stage.label(), target, notes.sorted());
  }

  /** The stage named {@code target}, else the last one. */
  private static Stage select(List<Stage> stages, String target, Notes notes) {
    Stage last = stages.get(stages.size() - 1);
    if (target == null) {
      return last;
    }
    for (Stage stage : stages) {
      if (target.equalsIgnoreCase(stage.name())) {
        return stage;
      }
    }
    notes.translated(
        last.line(), "there is no stage named " + target + ": the last stage is translated");
    return last;
  }
}
