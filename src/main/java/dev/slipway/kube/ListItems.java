package dev.slipway.kube;

import dev.slipway.kube.Selection.Span;
import dev.slipway.kube.YamlTree.Node;
import dev.slipway.kube.YamlTree.Sequence;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of the items of a sequence that a selection leaves out, such that the sequence stays
 * valid YAML with the other items exactly as they were. At least one item stays.
 */
final class ListItems {
  private ListItems() {}

  /**
   * In a block sequence, each left-out item's lines: from its {@code -} line, with the comment
   * lines right above it (go-yaml makes them the item's head comment, so ko drops them with it), to
   * the end of the line its content ends on.
   */
  static List<Span> block(String text, Sequence list, List<Boolean> kept) {
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < list.items().size(); i++) {
      if (kept.get(i)) {
        continue;
      }
      // Comment lines above stop where the item before ends: its block scalar may hold a '#'.
      int floor = i == 0 ? 0 : TextLines.nextLine(text, list.items().get(i - 1).contentEnd());
      int from = TextLines.lineStart(text, list.entries().get(i));
      while (from > floor) {
        int above = TextLines.previousLine(text, from);
        if (above < floor || !TextLines.line(text, above).strip().startsWith("#")) {
          break;
        }
        from = above;
      }
      Node item = list.items().get(i);
      int to = TextLines.nextLine(text, Math.max(item.contentEnd(), list.entries().get(i)));
      spans.add(new Span(from, to));
    }
    return spans;
  }

  /**
   * In a flow sequence, each run of left-out items with the comma after it, or for a run at the end
   * the comma before it.
   */
  static List<Span> flow(Sequence list, List<Boolean> kept) {
    List<Node> items = list.items();
    List<Span> spans = new ArrayList<>();
    int i = 0;
    while (i < items.size()) {
      if (kept.get(i)) {
        i++;
        continue;
      }
      int j = i;
      while (j + 1 < items.size() && !kept.get(j + 1)) {
        j++;
      }
      spans.add(
          j + 1 < items.size()
              ? new Span(items.get(i).start(), items.get(j + 1).start())
              : new Span(items.get(i - 1).contentEnd(), items.get(j).contentEnd()));
      i = j + 1;
    }
    return spans;
  }
}
