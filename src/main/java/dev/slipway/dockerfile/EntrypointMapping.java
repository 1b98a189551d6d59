package dev.slipway.dockerfile;

import dev.slipway.dockerfile.Instruction.CommandLine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The target's {@code entrypoint} and {@code args} from the final stage's {@code ENTRYPOINT} and
 * {@code CMD}. Slipway puts the binary at {@code /app/<name>} and runs it by default, so an
 * entrypoint that runs the binary where the Dockerfile copied it becomes that default.
 */
final class EntrypointMapping {
  private final String binary;
  private final String slipwayPath;
  private final String workdir;
  private final List<String> path;
  private final Notes notes;

  /**
   * {@code binary} is where the Dockerfile put the binary; {@code name} its name in Slipway's
   * image; {@code workdir} the final working directory; {@code path} the image's PATH, where a
   * command without a slash is looked up.
   */
  EntrypointMapping(String binary, String name, String workdir, String path, Notes notes) {
    this.binary = binary;
    this.slipwayPath = "/app/" + name;
    this.workdir = workdir == null ? "/" : workdir;
    this.path = searchPath(path, this.workdir);
    this.notes = notes;
  }

  /** The directories of a PATH, clean; an empty entry means the working directory. */
  private static List<String> searchPath(String path, String workdir) {
    List<String> dirs = new ArrayList<>();
    for (String dir : path.split(":", -1)) {
      dirs.add(ImagePaths.clean(ImagePaths.resolve(workdir, dir.isEmpty() ? "." : dir)));
    }
    return dirs;
  }

  /**
   * The entrypoint and args.
   *
   * @param entrypoint the entrypoint, empty when it is Slipway's default
   * @param args the image's command
   */
  record Result(List<String> entrypoint, List<String> args) {}

  Result of(Instruction.Entrypoint entrypoint, Instruction.Cmd cmd) {
    List<String> entry =
        entrypoint == null ? null : exec(entrypoint.line(), "ENTRYPOINT", entrypoint.command());
    List<String> command = cmd == null ? null : exec(cmd.line(), "CMD", cmd.command());
    if (entry != null && !entry.isEmpty()) {
      List<String> args = command == null ? List.of() : command;
      if (runsBinary(entry.get(0))) {
        notes.translated(
            entrypoint.line(),
            "ENTRYPOINT runs the binary at "
                + binary
                + "; Slipway's image runs it as "
                + slipwayPath
                + ", its default entrypoint");
        return entry.size() == 1 ? new Result(List.of(), args) : new Result(replaced(entry), args);
      }
      notes.translated(
          entrypoint.line(),
          "ENTRYPOINT runs "
              + entry.get(0)
              + ", not the binary: kept, so the base image must have"
              + " it");
      return new Result(replaced(entry), args);
    }
    if (command != null && !command.isEmpty()) {
      if (runsBinary(command.get(0))) {
        notes.translated(
            cmd.line(),
            "CMD runs the binary at "
                + binary
                + ": Slipway's image runs it as "
                + slipwayPath
                + " (its default entrypoint), with the rest of CMD as args");
        return new Result(List.of(), command.subList(1, command.size()));
      }
      notes.translated(
          cmd.line(), "CMD runs " + command.get(0) + ", not the binary: it becomes the entrypoint");
      return new Result(replaced(command), List.of());
    }
    return new Result(List.of(), List.of());
  }

  /** The exec form's words; a simple shell form read as words; null when it cannot be. */
  private List<String> exec(int line, String keyword, CommandLine command) {
    if (command.exec()) {
      return command.args();
    }
    String text = command.text().strip();
    if (text.isEmpty()) {
      return List.of();
    }
    if (text.matches("[^$&|;<>()`'\"\\\\*?\\[\\]{}~#]+")) {
      notes.translated(
          line,
          keyword
              + " in shell form runs /bin/sh -c, which Slipway's image has no shell for: read"
              + " as the exec form "
              + Arrays.toString(text.split("\\s+")));
      return new ArrayList<>(Arrays.asList(text.split("\\s+")));
    }
    notes.notTranslated(
        line,
        keyword
            + " in shell form needs /bin/sh, which Slipway's image does not have, and uses the"
            + " shell's syntax: write it in exec form");
    return null;
  }

  private boolean runsBinary(String word) {
    if (word.equals(binary)) {
      return true;
    }
    if (word.contains("/")) {
      return ImagePaths.clean(ImagePaths.resolve(workdir, word)).equals(binary);
    }
    // A name without a slash is looked up on the image's PATH; init sees no other file of that
    // name in the image, so the binary's directory being on PATH is enough.
    int slash = binary.lastIndexOf('/');
    return binary.substring(slash + 1).equals(word)
        && path.contains(slash == 0 ? "/" : binary.substring(0, slash));
  }

  private List<String> replaced(List<String> words) {
    List<String> out = new ArrayList<>();
    for (String word : words) {
      out.add(runsBinary(word) ? slipwayPath : word);
    }
    return out;
  }
}
