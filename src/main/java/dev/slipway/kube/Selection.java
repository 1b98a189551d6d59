package dev.slipway.kube;

import dev.slipway.core.UsageException;
import java.util.List;

/**
 * A YAML stream and the parts of its text that {@code resolve} leaves out: with {@code -l}, the
 * documents a label selector does not match, and the items it does not match of a {@code kind:
 * List} document it keeps.
 *
 * @param dropped the left-out parts, in order, none overlapping another
 */
public record Selection(YamlSource source, List<Span> dropped) {

  /** The chars {@code [start, end)} of the stream's text. */
  public record Span(int start, int end) {
    public Span {
      if (start < 0 || end < start) {
        throw new IllegalArgumentException("not a span of text: [" + start + ", " + end + ")");
      }
    }

    boolean contains(int offset) {
      return offset >= start && offset < end;
    }
  }

  public Selection {
    if (source == null || dropped == null) {
      throw new IllegalArgumentException("a selection needs its source and what it drops");
    }
    dropped = List.copyOf(dropped);
    int previousEnd = 0;
    for (Span span : dropped) {
      if (span.start() < previousEnd || span.end() > source.text().length()) {
        throw new IllegalArgumentException(
            source.name() + ": dropped spans out of order or past the text: " + dropped);
      }
      previousEnd = span.end();
    }
  }

  /** All of {@code source}: what {@code resolve} prints without {@code -l}. */
  public static Selection all(YamlSource source) {
    return new Selection(source, List.of());
  }

  /**
   * What of {@code source} ko's {@code resolve -l} keeps: the documents whose {@code
   * metadata.labels} {@code selector} matches (of a {@code kind: List}, the matching items, and the
   * list only if one matches). Empty documents go; a document that is not a Kubernetes object is an
   * error, as in ko.
   *
   * @throws UsageException if the text is not valid YAML, or a document is not a Kubernetes object
   *     or list; the message starts with {@code name:line:column}
   */
  public static Selection of(YamlSource source, LabelSelector selector) throws UsageException {
    return new Selection(source, LabelFilter.dropped(source, selector));
  }

  /** Whether the char at {@code offset} is kept. */
  public boolean keeps(int offset) {
    int low = 0;
    int high = dropped.size() - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      Span span = dropped.get(middle);
      if (span.contains(offset)) {
        return false;
      }
      if (offset < span.start()) {
        high = middle - 1;
      } else {
        low = middle + 1;
      }
    }
    return true;
  }
}
