package dev.slipway.record;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A {@link BuildRecord} as JSON. Written with the streaming generator (a record is written on the
 * no-op path too, where an ObjectMapper would cost more than the build); read as a tree.
 */
public final class RecordJson {
  /** Bumped when a field changes meaning; records of another format are not compared. */
  public static final int FORMAT = 1;

  /** Only reading needs databind; a no-op build writes its record without loading it. */
  private static final class Reader {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private RecordJson() {}

  public static byte[] toJson(BuildRecord r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeNumberField("format", FORMAT);
      g.writeStringField("id", r.id());
      g.writeNumberField("startedAtMs", r.startedAtMs());
      g.writeStringField("outcome", r.outcome());
      g.writeStringField("error", r.error());
      strings(g, "modules", r.modules());
      g.writeObjectFieldStart("settings");
      for (var e : new TreeMap<>(r.settings()).entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeFieldName("summary");
      SummaryWriter.write(g, r.summary());
      g.writeArrayFieldStart("units");
      for (BuildRecord.Unit u : r.units()) {
        writeUnit(g, u);
      }
      g.writeEndArray();
      g.writeStringField("previous", r.previous());
      writeComparisons(g, r.comparisons());
      writeChanges(g, r.changes());
      g.writeArrayFieldStart("rebuilt");
      for (BuildRecord.Rebuild b : r.rebuilt()) {
        g.writeStartObject();
        g.writeStringField("platform", b.platform());
        g.writeStringField("package", b.importPath());
        g.writeStringField("kind", b.kind());
        strings(g, "details", b.details());
        g.writeEndObject();
      }
      g.writeEndArray();
      writeModuleMisses(g, r.moduleMisses());
      g.writeEndObject();
    }
    out.write('\n');
    return out.toByteArray();
  }

  /** {@code "comparisons": [...]}, as in a record; explanations write the same. */
  public static void writeComparisons(JsonGenerator g, List<BuildRecord.Comparison> comparisons)
      throws IOException {
    g.writeArrayFieldStart("comparisons");
    for (BuildRecord.Comparison c : comparisons) {
      g.writeStartObject();
      g.writeStringField("platform", c.platform());
      g.writeStringField("target", c.target());
      g.writeStringField("build", c.build());
      g.writeStringField("outcome", c.outcome());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** {@code "changes": [...]}, as in a record; explanations write the same. */
  public static void writeChanges(JsonGenerator g, List<BuildRecord.Change> changes)
      throws IOException {
    g.writeArrayFieldStart("changes");
    for (BuildRecord.Change c : changes) {
      g.writeStartObject();
      g.writeStringField("kind", c.kind());
      g.writeStringField("name", c.name());
      g.writeStringField("before", c.before());
      g.writeStringField("after", c.after());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** {@code "moduleMisses": [...]}, as in a record. */
  public static void writeModuleMisses(JsonGenerator g, List<BuildRecord.ModuleMiss> misses)
      throws IOException {
    g.writeArrayFieldStart("moduleMisses");
    for (BuildRecord.ModuleMiss m : misses) {
      g.writeStartObject();
      g.writeStringField("module", m.module());
      g.writeStringField("version", m.version());
      g.writeStringField("kind", m.kind());
      g.writeStringField("before", m.before());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeUnit(JsonGenerator g, BuildRecord.Unit u) throws IOException {
    g.writeStartObject();
    g.writeStringField("key", u.key());
    g.writeStringField("platform", u.platform());
    strings(g, "targets", u.targets());
    strings(g, "compiled", u.compiled());
    millis(g, "compileMillis", u.compileMillis());
    millis(g, "linkMillis", u.linkMillis());
    g.writeArrayFieldStart("packages");
    for (BuildRecord.PackageInputs p : u.packages()) {
      g.writeStartObject();
      g.writeStringField("importPath", p.importPath());
      g.writeStringField("module", p.module());
      if (!p.version().isEmpty()) {
        g.writeStringField("version", p.version());
      }
      g.writeStringField("digest", p.digest());
      if (!p.files().isEmpty()) {
        g.writeObjectFieldStart("files");
        for (var f : new TreeMap<>(p.files()).entrySet()) {
          g.writeStringField(f.getKey(), f.getValue());
        }
        g.writeEndObject();
      }
      strings(g, "imports", p.imports());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void millis(JsonGenerator g, String name, Map<String, Long> values)
      throws IOException {
    g.writeObjectFieldStart(name);
    for (var e : new TreeMap<>(values).entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  private static void strings(JsonGenerator g, String name, List<String> values)
      throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  /**
   * Reads a record written by {@link #toJson}.
   *
   * @throws IOException if it is not JSON, or of another format
   */
  public static BuildRecord parse(byte[] json) throws IOException {
    JsonNode n = Reader.MAPPER.readTree(json);
    if (n == null || !n.isObject() || n.path("format").asInt() != FORMAT) {
      throw new IOException("not a build record of format " + FORMAT);
    }
    return new BuildRecord(
        n.path("id").asText(),
        n.path("startedAtMs").asLong(),
        n.path("outcome").asText(),
        n.path("error").asText(),
        strings(n.path("modules")),
        stringMap(n.path("settings")),
        summary(n.path("summary")),
        list(n.path("units"), RecordJson::unit),
        n.path("previous").asText(),
        list(
            n.path("comparisons"),
            c ->
                new BuildRecord.Comparison(
                    c.path("platform").asText(),
                    c.path("target").asText(),
                    c.path("build").asText(),
                    c.path("outcome").asText())),
        list(
            n.path("changes"),
            c ->
                new BuildRecord.Change(
                    c.path("kind").asText(),
                    c.path("name").asText(),
                    c.path("before").asText(),
                    c.path("after").asText())),
        list(
            n.path("rebuilt"),
            b ->
                new BuildRecord.Rebuild(
                    b.path("platform").asText(),
                    b.path("package").asText(),
                    b.path("kind").asText(),
                    strings(b.path("details")))),
        list(
            n.path("moduleMisses"),
            m ->
                new BuildRecord.ModuleMiss(
                    m.path("module").asText(),
                    m.path("version").asText(),
                    m.path("kind").asText(),
                    m.path("before").asText())));
  }

  private static BuildRecord.Unit unit(JsonNode u) {
    return new BuildRecord.Unit(
        u.path("key").asText(),
        u.path("platform").asText(),
        strings(u.path("targets")),
        strings(u.path("compiled")),
        list(
            u.path("packages"),
            p ->
                new BuildRecord.PackageInputs(
                    p.path("importPath").asText(),
                    p.path("module").asText(),
                    p.path("version").asText(),
                    p.path("digest").asText(),
                    stringMap(p.path("files")),
                    strings(p.path("imports")))),
        longMap(u.path("compileMillis")),
        longMap(u.path("linkMillis")));
  }

  private static Map<String, Long> longMap(JsonNode object) {
    Map<String, Long> out = new LinkedHashMap<>();
    object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }

  private static Map<String, Integer> counts(JsonNode object) {
    Map<String, Integer> out = new LinkedHashMap<>();
    object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asInt()));
    return out;
  }

  /** The summary as {@link SummaryWriter} wrote it. */
  static BuildSummary summary(JsonNode s) {
    BuildSummary summary = summaryWithoutBudget(s);
    JsonNode budget = s.path("budget");
    return budget.isObject()
        ? summary.withBudget(
            new BuildSummary.Budget(
                Math.round(budget.path("seconds").asDouble() * 1000),
                budget.path("over").asBoolean()))
        : summary;
  }

  private static BuildSummary summaryWithoutBudget(JsonNode s) {
    JsonNode cache = s.path("cache");
    return new BuildSummary(
        list(
            s.path("targets"),
            t ->
                new BuildSummary.TargetResult(
                    t.path("name").asText(),
                    t.path("importPath").asText(),
                    strings(t.path("platforms")),
                    t.path("digest").asText(),
                    t.path("image").asText())),
        new BuildSummary.BlobStats(
            s.path("blobs").path("uploaded").asInt(),
            s.path("blobs").path("skipped").asInt(),
            s.path("blobs").path("mounted").asInt(),
            s.path("blobs").path("bytesUploaded").asLong(),
            s.path("blobs").path("bytesSkipped").asLong(),
            s.path("blobs").path("bytesMounted").asLong()),
        new BuildSummary.CacheStats(
            cache.path("modules").path("hits").asInt(),
            cache.path("modules").path("misses").asInt(),
            tiers(cache.path("modules").path("tiers")),
            cache.path("actions").path("hits").asInt(),
            cache.path("actions").path("misses").asInt(),
            counts(cache.path("actions").path("missedBy")),
            tiers(cache.path("actions").path("tiers")),
            cache.path("layers").path("hits").asInt(),
            cache.path("layers").path("misses").asInt(),
            cache.path("fastPath").asBoolean(),
            list(
                cache.path("modulesServed"),
                m ->
                    new BuildSummary.ModuleServed(
                        m.path("module").asText(),
                        m.path("file").asText(),
                        m.path("tier").asText(),
                        m.path("bytes").asLong(),
                        m.path("ms").asLong(),
                        m.path("unlisted").asBoolean())),
            sources(cache.path("actions"))),
        list(
            s.path("stages"),
            st ->
                new Timeline.Span(
                    st.path("name").asText(),
                    st.path("detail").asText(),
                    st.path("startMs").asLong(),
                    st.path("durationMs").asLong())),
        s.path("totalMs").asLong());
  }

  /** {@link SummaryWriter#writeSources}'s fields; {@link ActionSources#NONE} in older records. */
  private static ActionSources sources(JsonNode actions) {
    Map<String, ActionSources.Remote> remotes = new LinkedHashMap<>();
    actions
        .path("remotes")
        .properties()
        .forEach(
            e ->
                remotes.put(
                    e.getKey(),
                    new ActionSources.Remote(
                        e.getValue().path("readOnly").asBoolean(),
                        e.getValue().path("writes").asLong(),
                        e.getValue().path("untrusted").asLong(),
                        longMap(e.getValue().path("writers")))));
    return new ActionSources(
        actions.path("verified").asBoolean(), actions.path("writer").asText(), remotes);
  }

  private static Map<String, BuildSummary.TierStat> tiers(JsonNode n) {
    Map<String, BuildSummary.TierStat> out = new LinkedHashMap<>();
    n.properties()
        .forEach(
            e ->
                out.put(
                    e.getKey(),
                    new BuildSummary.TierStat(
                        e.getValue().path("files").asInt(),
                        e.getValue().path("bytes").asLong(),
                        e.getValue().path("ms").asLong())));
    return out;
  }

  private static <T> List<T> list(JsonNode array, Function<JsonNode, T> read) {
    List<T> out = new ArrayList<>();
    for (JsonNode item : array) {
      out.add(read.apply(item));
    }
    return out;
  }

  private static List<String> strings(JsonNode array) {
    return list(array, JsonNode::asText);
  }

  private static Map<String, String> stringMap(JsonNode object) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }
}
