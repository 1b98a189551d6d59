package dev.slipway.explain;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.slipway.record.BuildRecord;
import dev.slipway.record.BuildRecord.Rebuild;
import dev.slipway.record.BuildSummary;
import dev.slipway.record.RecordJson;
import dev.slipway.record.SummaryWriter;
import dev.slipway.record.Timeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code slipway explain} says about one build record: what changed (settings, toolchain,
 * packages' own sources, module versions), which dependents go rebuilt because of it, what came
 * cold, which modules missed and why, what was pushed, and where the time went.
 *
 * @param previous the record it was compared with, if still kept: to say which images changed
 */
public record Explanation(BuildRecord record, Optional<BuildRecord> previous) {
  private static final Set<String> ROOT_KINDS =
      Set.of(BuildRecord.SOURCE, BuildRecord.MODULE, BuildRecord.SETTINGS, BuildRecord.TOOLCHAIN);

  /** Packages rebuilt for their own reasons: the causes. */
  public List<Rebuild> causes() {
    return record.rebuilt().stream().filter(r -> ROOT_KINDS.contains(r.kind())).toList();
  }

  /** Packages rebuilt only because something they import changed. */
  public List<Rebuild> dependents() {
    return record.rebuilt().stream().filter(r -> r.kind().equals(BuildRecord.DEPENDENCY)).toList();
  }

  /** Packages rebuilt with unchanged inputs: never cached here, or evicted. */
  public List<Rebuild> cold() {
    return record.rebuilt().stream().filter(r -> r.kind().equals(BuildRecord.COLD)).toList();
  }

  /** True for a target's main package. */
  public boolean isMain(Rebuild r) {
    return record.units().stream()
        .anyMatch(u -> u.platform().equals(r.platform()) && u.targets().contains(r.importPath()));
  }

  /** Rebuilt packages by reason kind, for the report's breakdown. */
  public Map<String, Integer> kinds() {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Rebuild r : record.rebuilt()) {
      int n = 1;
      if (r.importPath().equals(Explainer.STD) && !r.details().isEmpty()) {
        n = Integer.parseInt(r.details().get(0).split(" ")[0]);
      }
      out.merge(r.kind(), n, Integer::sum);
    }
    return out;
  }

  /** Whether a target's image digest differs from the previous build's, if known. */
  public Optional<Boolean> imageChanged(BuildSummary.TargetResult t) {
    return previous.flatMap(
        p ->
            p.summary().targets().stream()
                .filter(o -> o.name().equals(t.name()) && o.platforms().equals(t.platforms()))
                .findFirst()
                .map(o -> !o.digest().equals(t.digest())));
  }

  public String text() {
    StringBuilder out = new StringBuilder();
    BuildRecord r = record;
    BuildSummary s = r.summary();
    out.append("build ")
        .append(r.id())
        .append(" (")
        .append(r.outcome())
        .append(", ")
        .append(seconds(s.totalMs()))
        .append(", ")
        .append(Instant.ofEpochMilli(r.startedAtMs()))
        .append(")\n");
    if (!r.modules().isEmpty()) {
      out.append("  modules: ").append(String.join(" ", r.modules())).append('\n');
    }
    switch (r.outcome()) {
      case BuildRecord.FAST_PATH -> {
        out.append("Nothing was rebuilt: every input matched an earlier build and its images were")
            .append(" still in place (fast path).\n");
        targets(out);
        stages(out);
        return out.toString();
      }
      case BuildRecord.FAILED -> out.append("FAILED: ").append(r.error()).append('\n');
      default -> {}
    }
    ComparisonText.append(out, r);
    if (!r.changes().isEmpty()) {
      out.append("\nChanged settings, toolchain and modules:\n");
      for (BuildRecord.Change c : r.changes()) {
        out.append("  ").append(c.name());
        if (c.kind().equals(BuildRecord.MODULE)) {
          out.append(' ')
              .append(c.before().isEmpty() ? "(new)" : c.before())
              .append(" -> ")
              .append(c.after().isEmpty() ? "(dropped)" : c.after());
        } else {
          out.append(": ")
              .append(Explainer.quote(c.before()))
              .append(" -> ")
              .append(Explainer.quote(c.after()));
        }
        if (Explainer.LINK_ONLY.contains(c.name())) {
          out.append(" (relinks the targets; compiles nothing)");
        }
        out.append('\n');
      }
    }
    List<Rebuild> causes = causes();
    if (!causes.isEmpty()) {
      out.append("\nRebuilt for their own changes (").append(causes.size()).append("):\n");
      for (Rebuild b : causes) {
        out.append("  ").append(name(b)).append(": ").append(describe(b)).append('\n');
      }
    }
    List<Rebuild> dependents = dependents();
    if (!dependents.isEmpty()) {
      out.append("\nRebuilt because a dependency changed (")
          .append(dependents.size())
          .append("):\n");
      for (Rebuild b : dependents) {
        out.append("  ")
            .append(name(b))
            .append(" <- ")
            .append(String.join(", ", b.details()))
            .append('\n');
      }
    }
    List<Rebuild> cold = cold();
    if (!cold.isEmpty()) {
      out.append("\nCold or evicted: inputs unchanged, but not in any cache (")
          .append(cold.size())
          .append("):\n");
      for (Rebuild b : cold) {
        out.append("  ").append(name(b));
        if (b.importPath().equals(Explainer.STD)) {
          out.append(": ").append(b.details().get(0));
        }
        out.append('\n');
      }
    }
    if (r.rebuilt().isEmpty() && r.outcome().equals(BuildRecord.BUILT)) {
      out.append("\nNo package was compiled: go found every one in its cache")
          .append(
              s.cache().actionMisses() > 0 ? " (its action misses, below, were not compiles)" : "")
          .append(".\n");
    }
    if (!r.moduleMisses().isEmpty()) {
      out.append("\nModules fetched from upstream (")
          .append(r.moduleMisses().size())
          .append("):\n");
      for (BuildRecord.ModuleMiss m : r.moduleMisses()) {
        out.append("  ").append(m.module()).append(' ');
        if (m.kind().equals(BuildRecord.MODULE)) {
          out.append(m.before().isEmpty() ? "(new) " : m.before() + " -> ").append(m.version());
          out.append(": module version changed\n");
        } else {
          out.append(m.version()).append(": cold (not in Slipway's module store, or evicted)\n");
        }
      }
    }
    targets(out);
    CacheText.append(out, s.cache());
    stages(out);
    slowest(out);
    return out.toString();
  }

  /** The compiles and links that took longest, as go timed them. */
  public List<Map.Entry<String, Long>> slowest(int limit) {
    List<Map.Entry<String, Long>> all = new ArrayList<>();
    for (BuildRecord.Unit u : record.units()) {
      String suffix = record.units().size() > 1 ? " [" + u.platform() + "]" : "";
      u.compileMillis().forEach((p, ms) -> all.add(Map.entry("compile " + p + suffix, ms)));
      u.linkMillis().forEach((p, ms) -> all.add(Map.entry("link " + p + suffix, ms)));
    }
    all.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    return all.subList(0, Math.min(limit, all.size()));
  }

  private void slowest(StringBuilder out) {
    List<Map.Entry<String, Long>> top = slowest(8);
    if (top.isEmpty()) {
      return;
    }
    out.append("Slowest steps inside go:\n");
    for (Map.Entry<String, Long> e : top) {
      out.append("  ").append(seconds(e.getValue())).append("  ").append(e.getKey()).append('\n');
    }
  }

  private void targets(StringBuilder out) {
    BuildSummary s = record.summary();
    if (s.targets().isEmpty()) {
      return;
    }
    out.append("\nTargets:\n");
    for (BuildSummary.TargetResult t : s.targets()) {
      out.append("  ")
          .append(t.name())
          .append(' ')
          .append(String.join(",", t.platforms()))
          .append(' ')
          .append(t.image().isEmpty() ? t.digest() : "pushed " + t.image());
      imageChanged(t).ifPresent(changed -> out.append(changed ? " (new image)" : " (unchanged)"));
      out.append('\n');
    }
    BuildSummary.BlobStats b = s.blobs();
    out.append("  blobs: uploaded ")
        .append(b.uploaded())
        .append(" (")
        .append(bytes(b.bytesUploaded()))
        .append("), already there ")
        .append(b.skipped())
        .append(" (")
        .append(bytes(b.bytesSkipped()))
        .append("), mounted ")
        .append(b.mounted())
        .append(" (")
        .append(bytes(b.bytesMounted()))
        .append(")")
        .append('\n');
  }

  private void stages(StringBuilder out) {
    List<Timeline.Span> spans = new ArrayList<>(record.summary().stages());
    if (spans.isEmpty()) {
      return;
    }
    spans.sort(Comparator.comparingLong(Timeline.Span::durationMs).reversed());
    out.append("\nTime: ").append(seconds(record.summary().totalMs())).append(" in all; longest:");
    for (int i = 0; i < Math.min(5, spans.size()); i++) {
      Timeline.Span span = spans.get(i);
      out.append(i == 0 ? " " : ", ")
          .append(span.name())
          .append(span.detail().isEmpty() ? "" : " " + span.detail())
          .append(' ')
          .append(seconds(span.durationMs()));
    }
    out.append('\n');
  }

  private String name(Rebuild b) {
    String name = b.importPath().equals(Explainer.STD) ? "standard library" : b.importPath();
    if (isMain(b)) {
      name += " (main)";
    }
    return record.units().size() > 1 ? name + " [" + b.platform() + "]" : name;
  }

  private static String describe(Rebuild b) {
    String what =
        switch (b.kind()) {
          case BuildRecord.SOURCE -> "source changed";
          case BuildRecord.MODULE -> "module version changed";
          case BuildRecord.SETTINGS -> "build settings changed";
          case BuildRecord.TOOLCHAIN -> "toolchain changed";
          default -> b.kind();
        };
    return b.details().isEmpty() ? what : what + ": " + String.join(", ", b.details());
  }

  /** Milliseconds as seconds with two decimals: {@code 1.23s}. */
  public static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.2fs", ms / 1000.0);
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
  }

  /** The same, for machines. */
  public byte[] json() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BuildRecord r = record;
    try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("id", r.id());
      g.writeStringField("outcome", r.outcome());
      if (!r.error().isEmpty()) {
        g.writeStringField("error", r.error());
      }
      g.writeNumberField("startedAtMs", r.startedAtMs());
      g.writeNumberField("totalMs", r.summary().totalMs());
      g.writeBooleanField("fastPath", r.outcome().equals(BuildRecord.FAST_PATH));
      g.writeStringField("previous", r.previous());
      RecordJson.writeComparisons(g, r.comparisons());
      RecordJson.writeChanges(g, r.changes());
      rebuilds(g, "changed", causes());
      rebuilds(g, "dependents", dependents());
      rebuilds(g, "cold", cold());
      g.writeObjectFieldStart("reasons");
      for (var e : kinds().entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      RecordJson.writeModuleMisses(g, r.moduleMisses());
      g.writeArrayFieldStart("slowest");
      for (Map.Entry<String, Long> e : slowest(20)) {
        g.writeStartObject();
        g.writeStringField("step", e.getKey());
        g.writeNumberField("ms", e.getValue());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("targets");
      for (BuildSummary.TargetResult t : r.summary().targets()) {
        g.writeStartObject();
        g.writeStringField("name", t.name());
        g.writeStringField("digest", t.digest());
        if (!t.image().isEmpty()) {
          g.writeStringField("image", t.image());
        }
        Optional<Boolean> changed = imageChanged(t);
        if (changed.isPresent()) {
          g.writeBooleanField("changed", changed.get());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      SummaryWriter.writeBlobs(g, r.summary().blobs());
      g.writeObjectFieldStart("actionSources");
      SummaryWriter.writeSources(g, r.summary().cache().actionSources());
      g.writeEndObject();
      g.writeEndObject();
    }
    out.write('\n');
    return out.toByteArray();
  }

  private void rebuilds(JsonGenerator g, String name, List<Rebuild> list) throws IOException {
    g.writeArrayFieldStart(name);
    for (Rebuild b : list) {
      g.writeStartObject();
      g.writeStringField("package", b.importPath());
      g.writeStringField("platform", b.platform());
      g.writeStringField("kind", b.kind());
      g.writeBooleanField("main", isMain(b));
      g.writeArrayFieldStart("details");
      for (String d : b.details()) {
        g.writeString(d);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}
