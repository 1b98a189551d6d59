package dev.slipway.config;

import java.util.Objects;

/** A configuration value and where it was written, so that later checks can name the place. */
public record Located<T>(T value, Where where) {
  public Located {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(where, "where");
  }
}
