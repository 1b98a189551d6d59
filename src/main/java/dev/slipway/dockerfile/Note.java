package dev.slipway.dockerfile;

import java.util.Objects;

/**
 * Something init could not translate, translated in a way worth knowing, or advises: with the
 * Dockerfile and line it is about.
 *
 * @param file the Dockerfile, as named in the plan
 * @param line the 1-based line, or 0 when the note is about the whole file
 * @param kind what sort of note it is
 * @param message what and why, as a sentence
 */
public record Note(String file, int line, Kind kind, String message) {
  /** What sort of note. */
  public enum Kind {
    /** The Dockerfile does something slipway.yaml cannot say; the image will differ. */
    NOT_TRANSLATED,
    /** Translated, but not one to one: the plan says how. */
    TRANSLATED,
    /** A habit that costs Docker builds time or reproducibility; advice, not an error. */
    ADVICE
  }

  public Note {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(kind, "kind");
    if (line < 0) {
      throw new IllegalArgumentException("line " + line + " is negative");
    }
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("a note needs a message");
    }
  }

  /** {@code file:line}, or the file alone for a note about the whole file. */
  public String place() {
    return line == 0 ? file : file + ":" + line;
  }

  @Override
  public String toString() {
    return place() + ": " + message;
  }
}
