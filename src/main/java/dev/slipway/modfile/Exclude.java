package dev.slipway.modfile;

import dev.slipway.core.ModuleVersion;
import java.util.Objects;

/** An {@code exclude} directive. */
public record Exclude(ModuleVersion mv, int line) {
  public Exclude {
    Objects.requireNonNull(mv, "mv");
  }
}
