package dev.slipway.modfile;

import java.util.Objects;

/**
 * A {@code retract} directive: the closed interval {@code [low, high]} (equal for a single version)
 * and the comment text that gives the reason, empty if none.
 */
public record Retract(String low, String high, String rationale, int line) {
  public Retract {
    Objects.requireNonNull(low, "low");
    Objects.requireNonNull(high, "high");
    Objects.requireNonNull(rationale, "rationale");
  }
}
