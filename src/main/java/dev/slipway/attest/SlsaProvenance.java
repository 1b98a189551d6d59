package dev.slipway.attest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.slipway.compile.GoBuildInfo;
import dev.slipway.core.Digest;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * SLSA v1 build provenance of one image, as an in-toto statement: what was asked for (external
 * parameters: targets, platforms, flags, base), what went in (resolved dependencies: the source
 * commit when known, every module linked into a binary with its go.sum hash, the go toolchain
 * binary, each base image by digest), who built it and when, and, as byproducts, where each compile
 * action came from (the cache lineage). The statement's subjects are the image's manifests, so it
 * holds for the index and every platform.
 */
public final class SlsaProvenance {
  public static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v1";

  /** How to read the external parameters; versioned with their shape. */
  public static final String BUILD_TYPE = "https://slipway.dev/provenance/go-image/v1";

  private SlsaProvenance() {}

  /**
   * An artifact or resource by URI, name and digests (the in-toto ResourceDescriptor); empty fields
   * are left out.
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Resource(
      String uri, String name, Map<String, String> digest, Map<String, Object> annotations) {
    public Resource {
      digest = digest == null ? Map.of() : new TreeMap<>(digest);
      annotations = annotations == null ? Map.of() : new TreeMap<>(annotations);
    }
  }

  /**
   * The run: the builder's id (the platform trusted to have run the build) and versions, the
   * invocation's id (a CI job's URL) when known, and when the build started and finished.
   */
  public record Run(
      String builderId,
      Map<String, String> builderVersion,
      Optional<String> invocationId,
      Instant startedOn,
      Instant finishedOn) {}

  /**
   * The statement, with {@code external} and {@code internal} parameters as given (maps, lists and
   * strings, written in key order).
   */
  public static byte[] statement(
      List<InTotoStatement.Subject> subjects,
      Map<String, Object> external,
      Map<String, Object> internal,
      List<Resource> resolved,
      Run run,
      List<Resource> byproducts) {
    ObjectNode predicate = InTotoStatement.JSON.createObjectNode();
    ObjectNode definition = predicate.putObject("buildDefinition");
    definition.put("buildType", BUILD_TYPE);
    definition.set("externalParameters", tree(external));
    if (!internal.isEmpty()) {
      definition.set("internalParameters", tree(internal));
    }
    definition.set("resolvedDependencies", tree(resolved));
    ObjectNode details = predicate.putObject("runDetails");
    ObjectNode builder = details.putObject("builder");
    builder.put("id", run.builderId());
    builder.set("version", tree(new TreeMap<>(run.builderVersion())));
    ObjectNode metadata = details.putObject("metadata");
    run.invocationId().ifPresent(id -> metadata.put("invocationId", id));
    metadata.put("startedOn", time(run.startedOn()));
    metadata.put("finishedOn", time(run.finishedOn()));
    if (!byproducts.isEmpty()) {
      details.set("byproducts", tree(byproducts));
    }
    return InTotoStatement.write(subjects, PREDICATE_TYPE, predicate);
  }

  /**
   * Every module linked into the binaries, once each, as {@code pkg:golang} resources with the
   * go.sum {@code h1:} hash as in-toto's {@code dirHash} (its SHA-256, hex); a local replacement,
   * which has no hash, by its path alone.
   */
  public static List<Resource> modules(List<GoBuildInfo> builds) {
    Map<String, Resource> byPurl = new TreeMap<>();
    for (GoBuildInfo build : builds) {
      for (GoBuildInfo.Module dep : build.deps()) {
        GoBuildInfo.Module linked = GoPurls.linked(dep);
        String purl = GoPurls.module(linked);
        Map<String, String> digest = new LinkedHashMap<>();
        GoPurls.h1Hex(linked.sum()).ifPresent(hex -> digest.put("dirHash", hex));
        Map<String, Object> notes = new LinkedHashMap<>();
        if (dep.replace() != null) {
          notes.put("replaces", dep.path() + (dep.version().isEmpty() ? "" : "@" + dep.version()));
        }
        byPurl.putIfAbsent(purl, new Resource(purl, linked.path(), digest, notes));
      }
    }
    return new ArrayList<>(byPurl.values());
  }

  /** The go toolchain: its version, and the SHA-256 of the {@code go} binary that ran. */
  public static Resource toolchain(String goVersion, Digest goBinary) {
    return new Resource(
        generic("go", GoPurls.stdlibVersion(goVersion)),
        "go",
        Map.of(goBinary.algorithm(), goBinary.hex()),
        Map.of("version", goVersion));
  }

  /**
   * A base image pulled by reference: the platform manifest that was used and, as {@code pinned},
   * the reference as given pinned to the digest it named then (what pulls the same base again).
   */
  public static Resource baseImage(
      String reference, Digest manifest, String platform, String pinned) {
    Map<String, Object> notes = new LinkedHashMap<>();
    notes.put("platform", platform);
    if (!pinned.isEmpty()) {
      notes.put("pinned", pinned);
    }
    return new Resource(
        GoPurls.image(reference, manifest),
        reference,
        Map.of(manifest.algorithm(), manifest.hex()),
        notes);
  }

  /**
   * The source: a git repository at a commit, as SLSA's VCS locator names it; by its commit alone
   * when the repository has no remote to name.
   */
  public static Resource source(Optional<String> repository, String commit) {
    String uri = repository.map(r -> "git+" + r + "@" + commit).orElse(null);
    return new Resource(uri, "source", Map.of("gitCommit", commit), Map.of());
  }

  /** A purl for a thing with no purl type of its own, checked by the purl library. */
  static String generic(String name, String version) {
    try {
      return new PackageURL("generic", null, name, version, null, null).canonicalize();
    } catch (MalformedPackageURLException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JsonNode tree(Object value) {
    return InTotoStatement.JSON.valueToTree(value);
  }

  private static String time(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS));
  }
}
