package dev.slipway.dockerfile;

import java.util.List;

/**
 * One logical instruction as the line reader found it: continuations joined, comments inside them
 * dropped, builder flags ({@code --x=y} before the arguments) split off, heredoc bodies read.
 *
 * @param line the first physical line
 * @param keyword the instruction as written (any case)
 * @param flags the builder flags as written, quotes removed
 * @param arguments what follows the flags, trimmed
 * @param heredocs the bodies of its heredocs, in order
 */
record RawInstruction(
    int line, String keyword, List<String> flags, String arguments, List<Heredoc> heredocs) {
  RawInstruction {
    flags = List.copyOf(flags);
    heredocs = List.copyOf(heredocs);
  }
}
