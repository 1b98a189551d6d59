package dev.slipway.report;

import dev.slipway.record.Timeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Time per stage name, two ways. Stages repeat and overlap (compile runs once per platform, layers
 * and publish once per target, at the same time), so {@code busyMs} adds up every span of a stage
 * while {@code wallMs} counts each millisecond in which at least one of its spans was running.
 */
record StageTimes(String stage, int spans, long busyMs, long wallMs) {

  /** One entry per stage name, in the order the stages first started. */
  static List<StageTimes> of(List<Timeline.Span> spans) {
    Map<String, List<Timeline.Span>> byStage = new LinkedHashMap<>();
    spans.stream()
        .sorted((a, b) -> Long.compare(a.startMs(), b.startMs()))
        .forEach(s -> byStage.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s));
    List<StageTimes> out = new ArrayList<>();
    byStage.forEach(
        (stage, list) -> {
          long busy = list.stream().mapToLong(Timeline.Span::durationMs).sum();
          out.add(new StageTimes(stage, list.size(), busy, union(list)));
        });
    return out;
  }

  /** The length of the union of the spans' intervals; {@code sorted} by start. */
  private static long union(List<Timeline.Span> sorted) {
    long total = 0;
    long start = -1;
    long end = -1;
    for (Timeline.Span s : sorted) {
      long sEnd = s.startMs() + s.durationMs();
      if (s.startMs() > end) {
        total += end - start;
        start = s.startMs();
        end = sEnd;
      } else {
        end = Math.max(end, sEnd);
      }
    }
    return total + (end - start);
  }
}
