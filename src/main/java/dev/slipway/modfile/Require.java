package dev.slipway.modfile;

import dev.slipway.core.ModuleVersion;
import java.util.Objects;

/**
 * A {@code require} directive; {@code indirect} when its comment is {@code // indirect} or starts
 * {@code // indirect;}.
 */
public record Require(ModuleVersion mv, boolean indirect, int line) {
  public Require {
    Objects.requireNonNull(mv, "mv");
  }
}
