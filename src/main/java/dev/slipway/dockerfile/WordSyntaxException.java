package dev.slipway.dockerfile;

/**
 * A word that cannot be lexed: an unterminated quote, a bad {@code ${...}}. Callers know the line
 * and turn it into a {@link DockerfileException}.
 */
final class WordSyntaxException extends Exception {
  WordSyntaxException(String message) {
    super(message);
  }
}
