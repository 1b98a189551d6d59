package dev.slipway.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.attest.BaseSbomListings;
import dev.slipway.attest.SbomSubject;
import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.core.RegistryException;
import dev.slipway.image.BaseImage;
import dev.slipway.image.Json;
import dev.slipway.image.MediaTypes;
import dev.slipway.registry.FetchedManifest;
import dev.slipway.registry.RegistryClient;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The SBOMs a pulled base carries, of its platform manifest or of the index it was picked from, so
 * that an image's SBOM can name its base's: as OCI referrers, under cosign's tags, or as BuildKit's
 * attestations in the index ({@link BaseSbomListings}). Asked once per base manifest; a registry
 * that cannot say is warned about and the SBOM names none.
 */
final class BaseSboms {
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
    Optional<Digest> pinned = base.pinned().map(ImageReference::digest);
    pinned.ifPresent(subjects::add);
    Set<SbomSubject.BaseSbom> out = new LinkedHashSet<>();
    try {
      RegistryClient client = registry.get();
      for (Digest subject : subjects) {
        Optional<byte[]> index = client.referrers(ref, subject);
        if (index.isPresent()) {
          BaseSbomListings.Referrers listed = BaseSbomListings.referrers(tree(index.get()));
          for (BaseSbomListings.Found f : listed.found()) {
            out.add(sbom(ref, f.manifest(), f.mediaType()));
          }
          for (Digest bundle : listed.bundles()) {
            FetchedManifest m = client.getManifest(ref.withDigest(bundle));
            BaseSbomListings.bundle(tree(m.bytes()))
                .ifPresent(type -> out.add(sbom(ref, bundle, type)));
          }
        }
        // cosign before the referrers API: an image of attestations or SBOMs under a tag
        for (String suffix : List.of(".att", ".sbom")) {
          Optional<FetchedManifest> tagged =
              client.findManifest(ref.withTag("sha256-" + subject.hex() + suffix));
          if (tagged.isPresent()) {
            for (String type : BaseSbomListings.cosignTag(tree(tagged.get().bytes()))) {
              out.add(sbom(ref, tagged.get().digest(), type));
            }
          }
        }
      }
      if (pinned.isPresent() && !pinned.get().equals(manifest)) {
        // BuildKit keeps its attestations in the index the base's platform was picked from
        FetchedManifest picked = client.getManifest(ref.withDigest(pinned.get()));
        if (MediaTypes.isIndex(picked.mediaType())) {
          for (Digest att : BaseSbomListings.buildkitAttestations(tree(picked.bytes()), manifest)) {
            FetchedManifest attestation = client.getManifest(ref.withDigest(att));
            for (String type : BaseSbomListings.buildkitSboms(tree(attestation.bytes()))) {
              out.add(sbom(ref, att, type));
            }
          }
        }
      }
    } catch (RegistryException | IOException | IllegalArgumentException e) {
      warnings.println(
          "slipway: warning: base "
              + ref
              + ": cannot list its SBOMs ("
              + e.getMessage()
              + "); the SBOM names no SBOM of the base");
      return List.of();
    }
    return List.copyOf(out);
  }

  private static SbomSubject.BaseSbom sbom(ImageReference ref, Digest manifest, String type) {
    return new SbomSubject.BaseSbom("oci://" + ref.withDigest(manifest), type);
  }

  private static JsonNode tree(byte[] json) throws IOException {
    return Json.MAPPER.readTree(json);
  }
}
