package dev.slipway.dockerfile;

import java.util.List;
import java.util.Objects;

/**
 * What one Dockerfile became: a target, or none (not a Go service, or unreadable), and the notes.
 *
 * @param source the Dockerfile and its context
 * @param stage the final stage translated ({@code name} or index), or null when none was
 * @param target the target, or null
 * @param notes notes in line order
 */
public record Translation(
    DockerfileSource source, String stage, TargetPlan target, List<Note> notes) {
  public Translation {
    Objects.requireNonNull(source, "source");
    notes = List.copyOf(notes);
  }
}
