package dev.slipway.config;

/** A place in a configuration file, as people count: lines and columns from 1. */
public record Where(String file, int line, int column) {
  public Where {
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("lines and columns count from 1: " + line + ":" + column);
    }
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
