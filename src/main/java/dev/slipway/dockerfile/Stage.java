package dev.slipway.dockerfile;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A build stage with its variables substituted.
 *
 * @param index the stage's position, from 0, as {@code COPY --from=<index>} names it
 * @param name the {@code AS} name, lower case, or null
 * @param from the {@code FROM} instruction as written
 * @param base the image (or earlier stage's name) after substitution
 * @param platform the {@code --platform} value after substitution, or null
 * @param parent the index of the earlier stage {@code base} names, or -1 for an image
 * @param steps the instructions after {@code FROM}, substituted, each with its environment
 */
public record Stage(
    int index,
    String name,
    Instruction.From from,
    String base,
    String platform,
    int parent,
    List<Step> steps) {
  public Stage {
    if (index < 0 || parent >= index) {
      throw new IllegalArgumentException("stage " + index + " cannot build on stage " + parent);
    }
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(base, "base");
    steps = List.copyOf(steps);
  }

  /** The line of the stage's {@code FROM}. */
  public int line() {
    return from.line();
  }

  /** {@code name}, or the index when the stage has no name: what {@code --from} would say. */
  public String label() {
    return name != null ? name : String.valueOf(index);
  }

  /**
   * One instruction of a stage in the state it runs in.
   *
   * @param instruction the instruction, variables substituted ({@code RUN}, {@code CMD} and {@code
   *     ENTRYPOINT} are left to the shell, as the builder leaves them)
   * @param env the variables the instruction sees: the stage's {@code ARG}s with values and its
   *     {@code ENV}s (and a few a known base image sets, such as {@code GOPATH} in golang images)
   * @param workdir the absolute working directory the instruction runs in
   * @param unset names the substitution referred to that had no value (they became empty)
   */
  public record Step(
      Instruction instruction, Map<String, String> env, String workdir, Set<String> unset) {
    public Step {
      Objects.requireNonNull(instruction, "instruction");
      env = Map.copyOf(env);
      if (workdir == null || !workdir.startsWith("/")) {
        throw new IllegalArgumentException("workdir must be absolute: " + workdir);
      }
      unset = Set.copyOf(unset);
    }
  }
}
