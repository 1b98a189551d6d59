package dev.slipway.dockerfile;

import java.util.List;
import java.util.Objects;

/**
 * A parsed Dockerfile: its instructions in order, each with its line, as written (variables are
 * substituted later, per stage, by {@link Stages}).
 *
 * @param name how the file is named in messages, such as {@code src/frontend/Dockerfile}
 * @param escape the escape character: {@code \} or, with {@code # escape=`}, the backtick
 * @param syntax the {@code # syntax=} directive, or null
 * @param instructions every instruction, global {@code ARG}s and {@code FROM}s included
 */
public record Dockerfile(String name, char escape, String syntax, List<Instruction> instructions) {
  public Dockerfile {
    Objects.requireNonNull(name, "name");
    if (escape != '\\' && escape != '`') {
      throw new IllegalArgumentException("escape must be \\ or `, not " + escape);
    }
    instructions = List.copyOf(instructions);
    if (instructions.isEmpty()) {
      throw new IllegalArgumentException(name + " has no instructions");
    }
  }
}
