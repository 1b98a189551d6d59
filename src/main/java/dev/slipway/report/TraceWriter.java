package dev.slipway.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.slipway.core.AtomicFiles;
import dev.slipway.record.BuildSummary;
import dev.slipway.record.Timeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A build's stages as Chrome trace-event JSON (the JSON Object Format), which Perfetto and
 * chrome://tracing open. One complete ({@code "ph":"X"}) event covers the whole build on lane 0 and
 * carries the cache and blob counts; each stage span is a complete event on the first lane where it
 * overlaps nothing, so stages that ran at once (compile per platform, layers and publish per
 * target) sit on lanes of their own. Times are microseconds from the build's start.
 */
public final class TraceWriter {
  static final int PID = 1;
  private static final long US_PER_MS = 1000;

  private TraceWriter() {}

  public static void write(BuildSummary summary, Path file) throws IOException {
    AtomicFiles.write(file.toAbsolutePath(), toJson(summary));
  }

  public static byte[] toJson(BuildSummary s) throws IOException {
    List<Timeline.Span> spans = new ArrayList<>(s.stages());
    spans.sort((a, b) -> Long.compare(a.startMs(), b.startMs()));
    List<Long> laneEnds = new ArrayList<>(); // lane i + 1 is free from laneEnds.get(i)
    List<Integer> lanes = new ArrayList<>();
    long endMs = s.totalMs();
    for (Timeline.Span span : spans) {
      int lane = 0;
      while (lane < laneEnds.size() && laneEnds.get(lane) > span.startMs()) {
        lane++;
      }
      long spanEnd = span.startMs() + span.durationMs();
      if (lane == laneEnds.size()) {
        laneEnds.add(spanEnd);
      } else {
        laneEnds.set(lane, spanEnd);
      }
      lanes.add(lane + 1);
      endMs = Math.max(endMs, spanEnd);
    }

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeArrayFieldStart("traceEvents");
      metadata(g, "process_name", 0, "slipway build");
      metadata(g, "thread_name", 0, "build");
      for (int lane = 1; lane <= laneEnds.size(); lane++) {
        metadata(g, "thread_name", lane, "stages " + lane);
      }
      buildEvent(g, s, endMs);
      for (int i = 0; i < spans.size(); i++) {
        Timeline.Span span = spans.get(i);
        g.writeStartObject();
        g.writeStringField(
            "name", span.detail().isEmpty() ? span.name() : span.name() + " " + span.detail());
        g.writeStringField("cat", "stage");
        g.writeStringField("ph", "X");
        g.writeNumberField("ts", span.startMs() * US_PER_MS);
        g.writeNumberField("dur", span.durationMs() * US_PER_MS);
        g.writeNumberField("pid", PID);
        g.writeNumberField("tid", lanes.get(i));
        g.writeObjectFieldStart("args");
        g.writeStringField("stage", span.name());
        g.writeStringField("detail", span.detail());
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("displayTimeUnit", "ms");
      g.writeEndObject();
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void metadata(JsonGenerator g, String kind, int tid, String name)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("name", kind);
    g.writeStringField("ph", "M");
    g.writeNumberField("pid", PID);
    g.writeNumberField("tid", tid);
    g.writeObjectFieldStart("args");
    g.writeStringField("name", name);
    g.writeEndObject();
    g.writeEndObject();
  }

  /** Lane 0: the whole build, with what it did in its args. */
  private static void buildEvent(JsonGenerator g, BuildSummary s, long endMs) throws IOException {
    BuildSummary.CacheStats c = s.cache();
    g.writeStartObject();
    g.writeStringField("name", c.fastPath() ? "build (no-op)" : "build");
    g.writeStringField("cat", "build");
    g.writeStringField("ph", "X");
    g.writeNumberField("ts", 0);
    g.writeNumberField("dur", endMs * US_PER_MS);
    g.writeNumberField("pid", PID);
    g.writeNumberField("tid", 0);
    g.writeObjectFieldStart("args");
    g.writeNumberField("targets", s.targets().size());
    g.writeBooleanField("fastPath", c.fastPath());
    g.writeNumberField("moduleHits", c.moduleHits());
    g.writeNumberField("moduleMisses", c.moduleMisses());
    g.writeNumberField("actionHits", c.actionHits());
    g.writeNumberField("actionMisses", c.actionMisses());
    g.writeNumberField("layerHits", c.layerHits());
    g.writeNumberField("layerMisses", c.layerMisses());
    g.writeNumberField("blobsUploaded", s.blobs().uploaded());
    g.writeNumberField("blobsSkipped", s.blobs().skipped());
    g.writeNumberField("blobsMounted", s.blobs().mounted());
    g.writeNumberField("bytesUploaded", s.blobs().bytesUploaded());
    if (s.budget().isPresent()) {
      g.writeNumberField("budgetMs", s.budget().get().millis());
      g.writeBooleanField("overBudget", s.budget().get().over());
    }
    g.writeEndObject();
    g.writeEndObject();
  }
}
