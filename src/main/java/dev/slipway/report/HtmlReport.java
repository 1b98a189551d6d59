package dev.slipway.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.slipway.core.AtomicFiles;
import dev.slipway.record.BuildRecord;
import dev.slipway.record.BuildSummary;
import dev.slipway.record.SummaryWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code slipway report --html}: one self-contained page. The data goes in as JSON inside a {@code
 * <script type="application/json">} block with {@code <}, {@code >} and {@code &} escaped, so no
 * build id, package path or error text can close the block; the page's own script draws the charts
 * as SVG and fills every text with {@code textContent}. Nothing is fetched: no fonts, scripts or
 * images from anywhere.
 */
public final class HtmlReport {
  static final String TEMPLATE = "report.html";
  static final String PLACEHOLDER = "/*SLIPWAY_REPORT_DATA*/";

  private HtmlReport() {}

  /** Writes the page to {@code file} atomically. */
  public static void write(History h, Path file) throws IOException {
    AtomicFiles.write(file, render(h).getBytes(StandardCharsets.UTF_8));
  }

  /** The whole page. */
  public static String render(History h) throws IOException {
    String template = template();
    int at = template.indexOf(PLACEHOLDER);
    return template.substring(0, at)
        + new String(data(h), StandardCharsets.US_ASCII)
        + template.substring(at + PLACEHOLDER.length());
  }

  private static String template() {
    try (InputStream in = HtmlReport.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException(TEMPLATE + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The embedded data: ASCII JSON in which no {@code <}, {@code >} or {@code &} appears raw. */
  static byte[] data(History h) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonFactory json = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
      g.setCharacterEscapes(new HtmlSafe());
      g.writeStartObject();
      g.writeArrayFieldStart("builds");
      for (int i = h.builds().size() - 1; i >= 0; i--) {
        build(g, h.builds().get(i)); // oldest first, as the trend reads
      }
      g.writeEndArray();
      last(g, h);
      g.writeObjectFieldStart("window");
      counts(g, "reasons", h.windowReasons());
      counts(g, "moduleMisses", h.windowModuleMisses());
      g.writeEndObject();
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  private static void build(JsonGenerator g, BuildRecord r) throws IOException {
    BuildSummary.CacheStats c = r.summary().cache();
    g.writeStartObject();
    g.writeStringField("id", r.id());
    g.writeNumberField("startedAtMs", r.startedAtMs());
    g.writeStringField("outcome", r.outcome());
    g.writeStringField("error", r.error());
    g.writeNumberField("totalMs", r.summary().totalMs());
    g.writeBooleanField("fastPath", r.outcome().equals(BuildRecord.FAST_PATH));
    g.writeObjectFieldStart("actions");
    g.writeNumberField("hits", c.actionHits());
    g.writeNumberField("misses", c.actionMisses());
    SummaryWriter.writeMissedBy(g, c.actionMissedBy());
    g.writeEndObject();
    SummaryWriter.writeHitMiss(g, "modules", c.moduleHits(), c.moduleMisses());
    SummaryWriter.writeHitMiss(g, "layers", c.layerHits(), c.layerMisses());
    counts(g, "reasons", History.reasons(r));
    counts(g, "moduleMisses", History.moduleMisses(r));
    g.writeEndObject();
  }

  private static void last(JsonGenerator g, History h) throws IOException {
    BuildRecord r = h.latest().record();
    g.writeObjectFieldStart("last");
    g.writeStringField("id", r.id());
    g.writeStringField("outcome", r.outcome());
    g.writeStringField("error", r.error());
    g.writeNumberField("totalMs", r.summary().totalMs());
    g.writeStringField("comparedWith", h.latest().previous().map(BuildRecord::id).orElse(""));
    SummaryWriter.writeStages(g, r.summary().stages());
    g.writeArrayFieldStart("targets");
    for (BuildSummary.TargetResult t : r.summary().targets()) {
      g.writeStartObject();
      g.writeStringField("name", t.name());
      g.writeStringField("importPath", t.importPath());
      g.writeArrayFieldStart("platforms");
      for (String p : t.platforms()) {
        g.writeString(p);
      }
      g.writeEndArray();
      g.writeStringField("digest", t.digest());
      g.writeStringField("image", t.image());
      g.writeBooleanField("pushed", !t.image().isEmpty());
      Optional<Boolean> changed = h.latest().imageChanged(t);
      g.writeFieldName("changed");
      if (changed.isPresent()) {
        g.writeBoolean(changed.get());
      } else {
        g.writeNull();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void counts(JsonGenerator g, String name, Map<String, Integer> counts)
      throws IOException {
    g.writeObjectFieldStart(name);
    for (var e : counts.entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  /**
   * JSON's escapes, and {@code <}, {@code >} and {@code &} as {@code \\u} escapes: safe in HTML.
   */
  private static final class HtmlSafe extends CharacterEscapes {
    private static final List<Character> ESCAPED = List.of('<', '>', '&');
    private final int[] ascii = standardAsciiEscapesForJSON();

    HtmlSafe() {
      ESCAPED.forEach(c -> ascii[c] = ESCAPE_STANDARD);
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }
}
