package dev.slipway.dockerfile;

import java.util.Objects;

/**
 * A here-document of a {@code RUN}, {@code COPY} or {@code ADD} instruction.
 *
 * @param name the delimiter, without quotes
 * @param expand whether the builder substitutes variables in the body (the delimiter had no quotes)
 * @param chomp whether it was {@code <<-}: leading tabs are already removed from {@code content}
 * @param fileDescriptor the descriptor it feeds ({@code 0} unless written as {@code 3<<EOF})
 * @param content the body, each line ending in a newline
 */
public record Heredoc(
    String name, boolean expand, boolean chomp, int fileDescriptor, String content) {
  public Heredoc {
    Objects.requireNonNull(content, "content");
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a heredoc needs a delimiter");
    }
    if (fileDescriptor < 0) {
      throw new IllegalArgumentException("file descriptor " + fileDescriptor + " is negative");
    }
  }
}
