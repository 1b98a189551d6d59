package dev.slipway.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.attest.CycloneDxSbom;
import dev.slipway.attest.SbomSubject;
import dev.slipway.attest.SpdxSbom;
import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.core.RegistryException;
import dev.slipway.image.BaseImage;
import dev.slipway.image.Json;
import dev.slipway.registry.RegistryClient;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The SBOMs a pulled base carries as OCI referrers, of its platform manifest or of the index it was
 * picked from, so that an image's SBOM can name its base's. Asked once per base manifest; a
 * registry that cannot say is warned about and the SBOM names none.
 */
final class BaseSboms {
  private static final Set<String> TYPES = Set.of(SpdxSbom.MEDIA_TYPE, CycloneDxSbom.MEDIA_TYPE);

  private final Supplier<RegistryClient> registry;
  private final PrintStream warnings;
  private final Map<Digest, List<SbomSubject.BaseSbom>> found = new ConcurrentHashMap<>();

  BaseSboms(Supplier<RegistryClient> registry, PrintStream warnings) {
    this.registry = registry;
    this.warnings = warnings;
  }

  List<SbomSubject.BaseSbom> of(BaseImage base) {
    if (base.reference().isEmpty() || base.manifestDigest().isEmpty()) {
      return List.of();
    }
    ImageReference ref = base.reference().get();
    return found.computeIfAbsent(base.manifestDigest().get(), digest -> lookup(ref, digest, base));
  }

  private List<SbomSubject.BaseSbom> lookup(ImageReference ref, Digest manifest, BaseImage base) {
    Set<Digest> subjects = new LinkedHashSet<>(List.of(manifest));
    base.pinned().map(ImageReference::digest).ifPresent(subjects::add);
    List<SbomSubject.BaseSbom> out = new ArrayList<>();
    try {
      for (Digest subject : subjects) {
        var index = registry.get().referrers(ref, subject);
        if (index.isEmpty()) {
          continue;
        }
        for (JsonNode entry : Json.MAPPER.readTree(index.get()).path("manifests")) {
          String type = entry.path("artifactType").asText();
          if (TYPES.contains(type)) {
            String location =
                "oci://" + ref.withDigest(Digest.parse(entry.path("digest").asText()));
            out.add(new SbomSubject.BaseSbom(location, type));
          }
        }
      }
    } catch (RegistryException | IOException | IllegalArgumentException e) {
      warnings.println(
          "slipway: warning: base "
              + ref
              + ": cannot list its referrers ("
              + e.getMessage()
              + "); the SBOM names no SBOM of the base");
    }
    return List.copyOf(out);
  }
}
