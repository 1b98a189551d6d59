package dev.slipway.modfile;

import java.util.Objects;

/** A {@code godebug key=value} directive. */
public record Godebug(String key, String value, int line) {
  public Godebug {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }
}
