package dev.slipway.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.build.BuildRunner;
import dev.slipway.core.Platform;
import dev.slipway.core.Progress;
import dev.slipway.core.SlipwayException;
import dev.slipway.core.UsageException;
import dev.slipway.plan.BuildFlags;
import dev.slipway.plan.BuildRequest;
import dev.slipway.plan.Requests;
import dev.slipway.record.BuildSummary;
import dev.slipway.record.Timeline;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The image again, from a checkout, as its provenance says it was asked for: the same target,
 * platforms, base, go flags, image settings, creation time and compression, with every compile
 * cache off (a fresh Slipway cache and GOCACHE, no remote cache), so nothing earlier builds left
 * can stand in for the work. Modules still come from GOMODCACHE and the user's GOPROXY: go.sum
 * checks each of them, so a cache cannot change what they hold.
 */
final class Rebuild {
  private Rebuild() {}

  /** The rebuilt image's root digest, in an OCI layout at {@code layout}. */
  static String run(
      Provenance provenance,
      Path checkout,
      Map<String, String> environment,
      Platform host,
      Path scratch,
      Path layout,
      PrintStream warnings)
      throws SlipwayException, IOException {
    JsonNode p = provenance.external();
    String importPath = text(p, "importPath");
    Map<String, String> env = new HashMap<>(environment);
    env.remove("SLIPWAY_CACHE");
    env.put("SLIPWAY_CACHE_DIR", scratch.resolve("cache").toString());
    env.put("GOCACHE", scratch.resolve("go-build").toString());
    env.put("SOURCE_DATE_EPOCH", Long.toString(Instant.parse(text(p, "created")).getEpochSecond()));
    JsonNode build = p.path("build");
    JsonNode image = p.path("image");
    String base = provenance.pinnedBase().orElse(text(p, "base"));
    BuildFlags flags =
        new BuildFlags(
            checkout,
            List.of(importPath),
            null,
            String.join(",", strings(p.path("platforms"))),
            base.equals("(generated static base)") ? null : base,
            null,
            layout,
            null,
            null,
            List.of(),
            List.of(),
            build.path("ldflags").asText(),
            build.path("tags").asText(),
            assignments(build.path("env")),
            assignments(image.path("labels")),
            p.path("buildVcs").asBoolean(),
            p.path("vcsLabels").asBoolean(),
            text(p, "compression"),
            "none",
            false,
            null,
            false,
            null,
            new BuildFlags.ImageFlags(
                List.of(),
                null,
                List.of(),
                assignments(image.path("annotations")),
                image.path("user").asText(null)));
    BuildRequest request = Requests.build(flags, env, host, scratch.resolve("cache"), List.of());
    BuildSummary summary =
        new BuildRunner(env, Timeline.Listener.NONE, Progress.NONE, warnings).run(request);
    for (BuildSummary.TargetResult t : summary.targets()) {
      if (t.importPath().equals(importPath)) {
        return t.digest();
      }
    }
    throw new UsageException(checkout + ": the rebuild made no image of " + importPath);
  }

  private static String text(JsonNode p, String field) throws UsageException {
    JsonNode value = p.path(field);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new UsageException("the provenance's external parameters lack '" + field + "'");
    }
    return value.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  /** An object of strings as {@code K=V} arguments, the form the flags take. */
  private static List<String> assignments(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.properties().forEach(e -> out.add(e.getKey() + "=" + e.getValue().asText()));
    return out;
  }
}
