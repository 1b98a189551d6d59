package dev.slipway.modfile;

import java.util.List;

/** The syntax tree of a go.mod file: statements, each a line or a parenthesized block. */
final class Syntax {
  private Syntax() {}

  /** A place in the file; column counts runes from 1, as go's positions do. */
  record Pos(int line, int column) {
    /** go's error prefix: the column is shown only when it is past the start of the line. */
    String prefix(String file) {
      return column > 1 ? file + ":" + line + ":" + column + ": " : file + ":" + line + ": ";
    }
  }

  sealed interface Stmt permits Line, Block {}

  /**
   * One statement line: its tokens (quoted strings still quoted), the whole-line comments before it
   * ({@code ""} marks a blank line inside a block) and the comment ending it, or null.
   */
  record Line(List<String> tokens, Pos start, List<String> before, String suffix) implements Stmt {}

  /** {@code verb ( ... )}: the tokens before the parenthesis and the lines inside. */
  record Block(List<String> tokens, Pos start, List<String> before, List<Line> lines)
      implements Stmt {}
}
