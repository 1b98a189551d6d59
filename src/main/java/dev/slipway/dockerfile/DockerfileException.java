package dev.slipway.dockerfile;

import dev.slipway.core.SlipwayException;

/**
 * A Dockerfile that cannot be read as the Dockerfile reference defines it: a syntax error, a bad
 * flag, a variable that cannot be substituted. The message is {@code file:line: reason}. Bad input,
 * so exit code 2.
 */
public final class DockerfileException extends SlipwayException {
  private final String file;
  private final int line;
  private final String reason;

  /** An error at {@code line} (1-based) of {@code file}, the Dockerfile's name as shown. */
  public DockerfileException(String file, int line, String reason) {
    super(file + ":" + line + ": " + reason, null);
    this.file = file;
    this.line = line;
    this.reason = reason;
  }

  /** The Dockerfile's name as given to the parser. */
  public String file() {
    return file;
  }

  /** The 1-based line of the instruction (or directive) in error. */
  public int line() {
    return line;
  }

  /** What is wrong, without the place. */
  public String reason() {
    return reason;
  }

  @Override
  public int exitCode() {
    return 2;
  }
}
