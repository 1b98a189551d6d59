package dev.slipway.report;

import dev.slipway.record.BuildSummary;
import dev.slipway.record.Timeline;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One finished build as Prometheus text exposition (format 0.0.4), for node_exporter's textfile
 * collector or a pushgateway.
 *
 * <p>Every metric is a gauge. Each file or push is a snapshot of one build that replaces the last
 * one, so a value such as "cache hits" goes down as readily as up from one build to the next; as a
 * counter, Prometheus would read every smaller build as a counter reset and {@code rate()} would
 * invent increases. Gauges of the last build are what the Prometheus docs advise for batch jobs.
 */
public final class Exposition {
  /** The Content-Type of this format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final StringBuilder text = new StringBuilder();

  private Exposition() {}

  /**
   * Renders {@code summary}; {@code finished} is when the build succeeded (only successful builds
   * are exported, so it is the last success).
   */
  public static String render(BuildSummary s, Instant finished) {
    Exposition e = new Exposition();
    e.gauge("slipway_build_duration_seconds", "Wall time of the last build.", seconds(s.totalMs()));
    e.gauge(
        "slipway_build_last_success_timestamp_seconds",
        "When the last successful build finished, in seconds since the epoch.",
        new BigDecimal(finished.toEpochMilli()).movePointLeft(3));
    e.gauge("slipway_build_targets", "Images the last build made.", s.targets().size());
    e.gauge(
        "slipway_build_fast_path",
        "1 if the last build was a no-op: its inputs were unchanged and its images present.",
        s.cache().fastPath() ? 1 : 0);

    Map<Map<String, String>, Long> spans = new LinkedHashMap<>();
    for (Timeline.Span span : s.stages()) {
      spans.merge(
          labels("stage", span.name(), "detail", span.detail()), span.durationMs(), Long::sum);
    }
    e.family(
        "slipway_build_stage_seconds",
        "Time each stage span took; several spans of a stage (one per platform or target) may"
            + " run at once.");
    spans.forEach((labels, ms) -> e.sample("slipway_build_stage_seconds", labels, seconds(ms)));
    e.family(
        "slipway_build_stage_wall_seconds",
        "Wall time in which at least one span of the stage was running.");
    for (StageTimes st : StageTimes.of(s.stages())) {
      e.sample(
          "slipway_build_stage_wall_seconds", labels("stage", st.stage()), seconds(st.wallMs()));
    }

    BuildSummary.CacheStats c = s.cache();
    e.family("slipway_build_cache_hits", "Cache hits in the last build, by kind.");
    e.sample("slipway_build_cache_hits", labels("kind", "modules"), c.moduleHits());
    e.sample("slipway_build_cache_hits", labels("kind", "actions"), c.actionHits());
    e.sample("slipway_build_cache_hits", labels("kind", "layers"), c.layerHits());
    e.family("slipway_build_cache_misses", "Cache misses in the last build, by kind.");
    e.sample("slipway_build_cache_misses", labels("kind", "modules"), c.moduleMisses());
    e.sample("slipway_build_cache_misses", labels("kind", "actions"), c.actionMisses());
    e.sample("slipway_build_cache_misses", labels("kind", "layers"), c.layerMisses());
    if (!c.actionMissedBy().isEmpty()) {
      e.family(
          "slipway_build_action_misses",
          "go's build-cache lookups that missed in the last build, by what they were for (link,"
              + " compile, ...); they add up to the actions' cache misses.");
      c.actionMissedBy()
          .forEach((what, n) -> e.sample("slipway_build_action_misses", labels("for", what), n));
    }
    Map<String, Map<String, BuildSummary.TierStat>> tiers = new LinkedHashMap<>();
    Map<String, BuildSummary.TierStat> moduleTiers = new TreeMap<>();
    c.moduleTiers().forEach((tier, t) -> moduleTiers.put(tier.toLowerCase(Locale.ROOT), t));
    tiers.put("modules", moduleTiers);
    tiers.put("actions", new TreeMap<>(c.actionTiers()));
    e.tierFamily(
        "slipway_build_cache_tier_files",
        "Files each cache tier served in the last build.",
        tiers,
        BuildSummary.TierStat::files);
    e.tierFamily(
        "slipway_build_cache_tier_bytes",
        "Bytes each cache tier served in the last build.",
        tiers,
        BuildSummary.TierStat::bytes);
    e.tierFamily(
        "slipway_build_cache_tier_seconds",
        "Time spent reading each cache tier in the last build.",
        tiers,
        t -> seconds(t.millis()));

    BuildSummary.BlobStats b = s.blobs();
    e.family(
        "slipway_build_blobs",
        "Blobs the last build published: uploaded, skipped (already there) or mounted.");
    e.sample("slipway_build_blobs", labels("outcome", "uploaded"), b.uploaded());
    e.sample("slipway_build_blobs", labels("outcome", "skipped"), b.skipped());
    e.sample("slipway_build_blobs", labels("outcome", "mounted"), b.mounted());
    e.gauge(
        "slipway_build_blob_uploaded_bytes", "Bytes the last build uploaded.", b.bytesUploaded());

    if (s.budget().isPresent()) {
      e.gauge(
          "slipway_build_budget_seconds",
          "The --budget the last build was given.",
          seconds(s.budget().get().millis()));
      e.gauge(
          "slipway_build_over_budget",
          "1 if the last build's wall time went over its budget.",
          s.budget().get().over() ? 1 : 0);
    }
    return e.text.toString();
  }

  /** One family with a sample per kind (modules, actions) and tier. */
  private void tierFamily(
      String name,
      String help,
      Map<String, Map<String, BuildSummary.TierStat>> tiers,
      Function<BuildSummary.TierStat, Number> value) {
    family(name, help);
    tiers.forEach(
        (kind, byTier) ->
            byTier.forEach(
                (tier, t) -> sample(name, labels("kind", kind, "tier", tier), value.apply(t))));
  }

  private void gauge(String name, String help, Number value) {
    family(name, help);
    sample(name, Map.of(), value);
  }

  private void family(String name, String help) {
    text.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
    text.append("# TYPE ").append(name).append(" gauge\n");
  }

  private void sample(String name, Map<String, String> labels, Number value) {
    text.append(name);
    if (!labels.isEmpty()) {
      text.append('{');
      String sep = "";
      for (Map.Entry<String, String> l : labels.entrySet()) {
        text.append(sep).append(l.getKey()).append("=\"").append(escapeLabel(l.getValue()));
        text.append('"');
        sep = ",";
      }
      text.append('}');
    }
    text.append(' ').append(number(value)).append('\n');
  }

  private static Map<String, String> labels(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private static BigDecimal seconds(long ms) {
    return BigDecimal.valueOf(ms).movePointLeft(3);
  }

  private static String number(Number n) {
    if (n instanceof BigDecimal d) {
      return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
    return Long.toString(n.longValue());
  }

  /** Label values escape backslash, double quote and line feed. */
  static String escapeLabel(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** Help text escapes backslash and line feed. */
  private static String escapeHelp(String v) {
    return v.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
