package dev.slipway.kube;

/**
 * One {@code ko://} reference in a YAML stream, with the exact piece of text a rewrite replaces.
 *
 * @param source the name of the stream, for messages
 * @param importPath what the reference names
 * @param style how the scalar is written
 * @param start where the replaced text starts (a {@code char} index into the stream's text): the
 *     opening quote of a quoted scalar, the first character of a plain one, a block scalar's
 *     indicator ({@code |} or {@code >})
 * @param end where the replaced text ends, exclusive: after the closing quote, after the last
 *     character of a plain scalar, at the end of a block scalar's last line that is not blank (the
 *     blank lines after it stay)
 * @param line the 1-based line of {@code start}
 * @param column the 1-based column of {@code start}, in Unicode code points
 */
public record KoReference(
    String source, KoImportPath importPath, Style style, int start, int end, int line, int column) {

  /** How a scalar is written. */
  public enum Style {
    PLAIN,
    SINGLE_QUOTED,
    DOUBLE_QUOTED,
    /** {@code |}: rewritten as a plain scalar, so that the value has no line break. */
    LITERAL,
    /** {@code >}: rewritten as a plain scalar, so that the value has no line break. */
    FOLDED
  }

  public KoReference {
    if (source == null || importPath == null || style == null) {
      throw new IllegalArgumentException("a reference needs its source, import path and style");
    }
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException(
          "a reference covers some text, not [" + start + ", " + end + ")");
    }
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException(
          "lines and columns count from 1, not " + line + ":" + column);
    }
  }

  /** {@code name:line:column}, as messages name the reference. */
  public String place() {
    return source + ":" + line + ":" + column;
  }
}
