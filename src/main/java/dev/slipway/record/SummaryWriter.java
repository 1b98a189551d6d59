package dev.slipway.record;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.slipway.core.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a {@link BuildSummary} as JSON with Jackson's streaming generator, which starts far faster
 * than a full ObjectMapper: the summary is written on the no-op path too.
 */
public final class SummaryWriter {
  private SummaryWriter() {}

  public static byte[] toJson(BuildSummary s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
      g.useDefaultPrettyPrinter();
      write(g, s);
    }
    out.write('\n');
    return out.toByteArray();
  }

  /** The {@code blobs} object: counts and bytes uploaded, skipped and mounted. */
  public static void writeBlobs(JsonGenerator g, BuildSummary.BlobStats b) throws IOException {
    g.writeObjectFieldStart("blobs");
    g.writeNumberField("uploaded", b.uploaded());
    g.writeNumberField("skipped", b.skipped());
    g.writeNumberField("mounted", b.mounted());
    g.writeNumberField("bytesUploaded", b.bytesUploaded());
    g.writeNumberField("bytesSkipped", b.bytesSkipped());
    g.writeNumberField("bytesMounted", b.bytesMounted());
    g.writeEndObject();
  }

  /** The {@code stages} array: each span's name, detail (when it has one), start and duration. */
  public static void writeStages(JsonGenerator g, List<Timeline.Span> spans) throws IOException {
    g.writeArrayFieldStart("stages");
    for (Timeline.Span span : spans) {
      g.writeStartObject();
      g.writeStringField("name", span.name());
      if (!span.detail().isEmpty()) {
        g.writeStringField("detail", span.detail());
      }
      g.writeNumberField("startMs", span.startMs());
      g.writeNumberField("durationMs", span.durationMs());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** Writes the summary as one JSON object; {@link RecordJson} embeds it in a build record. */
  static void write(JsonGenerator g, BuildSummary s) throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("targets");
    for (BuildSummary.TargetResult t : s.targets()) {
      g.writeStartObject();
      g.writeStringField("name", t.name());
      g.writeStringField("importPath", t.importPath());
      if (t.platforms().size() == 1) {
        g.writeStringField("platform", t.platforms().get(0));
      }
      g.writeArrayFieldStart("platforms");
      for (String p : t.platforms()) {
        g.writeString(p);
      }
      g.writeEndArray();
      g.writeStringField("digest", t.digest());
      if (!t.image().isEmpty()) {
        g.writeStringField("image", t.image());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    writeBlobs(g, s.blobs());
    g.writeObjectFieldStart("cache");
    writeTiered(
        g,
        "modules",
        s.cache().moduleHits(),
        s.cache().moduleMisses(),
        s.cache().moduleTiers(),
        gen -> {});
    writeServed(g, s.cache().modulesServed());
    writeTiered(
        g,
        "actions",
        s.cache().actionHits(),
        s.cache().actionMisses(),
        s.cache().actionTiers(),
        gen -> {
          writeMissedBy(gen, s.cache().actionMissedBy());
          writeSources(gen, s.cache().actionSources());
        });
    writeHitMiss(g, "layers", s.cache().layerHits(), s.cache().layerMisses());
    g.writeBooleanField("fastPath", s.cache().fastPath());
    g.writeEndObject();
    writeStages(g, s.stages());
    g.writeNumberField("totalMs", s.totalMs());
    if (s.budget().isPresent()) {
      g.writeObjectFieldStart("budget");
      g.writeNumberField("seconds", s.budget().get().millis() / 1000.0);
      g.writeBooleanField("over", s.budget().get().over());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  public static void write(BuildSummary summary, Path file) throws IOException {
    AtomicFiles.write(file.toAbsolutePath(), toJson(summary));
  }

  /** Inside {@code cache}: every module file the build's proxy served, after {@code modules}. */
  private static void writeServed(JsonGenerator g, List<BuildSummary.ModuleServed> served)
      throws IOException {
    g.writeArrayFieldStart("modulesServed");
    for (BuildSummary.ModuleServed m : served) {
      g.writeStartObject();
      g.writeStringField("module", m.module());
      g.writeStringField("file", m.file());
      g.writeStringField("tier", m.tier());
      g.writeNumberField("bytes", m.bytes());
      g.writeNumberField("ms", m.millis());
      if (m.unlisted()) {
        g.writeBooleanField("unlisted", true); // go.sum has no line for it: relayed, not stored
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** Writes more fields into an object being written. */
  @FunctionalInterface
  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  /**
   * The fields of {@link ActionSources}, into the object being written ({@code cache.actions}, and
   * {@code slipway explain}'s {@code actionSources}): {@code verified}, {@code writer} (when
   * verified), {@code untrusted}, {@code writers} summed over the remotes, and {@code remotes} with
   * each one's {@code readOnly}, {@code writes}, {@code untrusted} and {@code writers}.
   */
  public static void writeSources(JsonGenerator g, ActionSources sources) throws IOException {
    g.writeBooleanField("verified", sources.verified());
    if (sources.verified()) {
      g.writeStringField("writer", sources.writer());
    }
    g.writeNumberField("untrusted", sources.untrusted());
    writeCounts(g, "writers", sources.writers());
    g.writeObjectFieldStart("remotes");
    for (var remote : sources.remotes().entrySet()) {
      g.writeObjectFieldStart(remote.getKey());
      g.writeBooleanField("readOnly", remote.getValue().readOnly());
      g.writeNumberField("writes", remote.getValue().writes());
      g.writeNumberField("untrusted", remote.getValue().untrusted());
      writeCounts(g, "writers", remote.getValue().writers());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeCounts(JsonGenerator g, String name, java.util.Map<String, Long> counts)
      throws IOException {
    g.writeObjectFieldStart(name);
    for (var e : new java.util.TreeMap<>(counts).entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  private static void writeTiered(
      JsonGenerator g,
      String name,
      int hits,
      int misses,
      java.util.Map<String, BuildSummary.TierStat> tiers,
      Fields more)
      throws IOException {
    g.writeObjectFieldStart(name);
    g.writeNumberField("hits", hits);
    g.writeNumberField("misses", misses);
    g.writeObjectFieldStart("tiers");
    for (var tier : new java.util.TreeMap<>(tiers).entrySet()) {
      g.writeObjectFieldStart(tier.getKey());
      g.writeNumberField("files", tier.getValue().files());
      g.writeNumberField("bytes", tier.getValue().bytes());
      g.writeNumberField("ms", tier.getValue().millis());
      g.writeEndObject();
    }
    g.writeEndObject();
    more.write(g);
    g.writeEndObject();
  }

  /**
   * {@code "name": {"hits": H, "misses": M}}, as in the summary; the HTML report writes the same.
   */
  public static void writeHitMiss(JsonGenerator g, String name, int hits, int misses)
      throws IOException {
    g.writeObjectFieldStart(name);
    g.writeNumberField("hits", hits);
    g.writeNumberField("misses", misses);
    g.writeEndObject();
  }

  /**
   * {@code "missedBy": {"link": 4, ...}}: what go's lookups that missed were for, adding up to
   * {@code misses}; the summary and the HTML report write the same.
   */
  public static void writeMissedBy(JsonGenerator g, java.util.Map<String, Integer> missedBy)
      throws IOException {
    g.writeObjectFieldStart("missedBy");
    for (var e : new java.util.TreeMap<>(missedBy).entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }
}
