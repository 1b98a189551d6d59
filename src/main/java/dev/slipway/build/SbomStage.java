package dev.slipway.build;

import dev.slipway.attest.CycloneDxSbom;
import dev.slipway.attest.SbomSubject;
import dev.slipway.attest.SpdxSbom;
import dev.slipway.compile.GoBuildInfo;
import dev.slipway.core.Digest;
import dev.slipway.core.Platform;
import dev.slipway.core.UsageException;
import dev.slipway.image.BaseImage;
import dev.slipway.image.PlatformImage;
import dev.slipway.image.TargetImage;
import dev.slipway.layer.ContentSource;
import dev.slipway.layer.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SBOM ({@code --sbom spdx|cyclonedx}) of each platform's image, made from the build
 * information read out of its binary while the binary's output directory was locked ({@link
 * AttestStage#read}). {@link AttestStage} attaches them as referrers.
 */
final class SbomStage {
  /** One platform's SBOM: its media type and bytes. */
  record Document(PlatformImage platform, String mediaType, String predicateType, byte[] bytes) {}

  private final String format;
  private final Instant created;
  private final Optional<Path> caBundle;
  private final String toolVersion;
  private final BaseSboms baseSboms;
  private SbomSubject.GeneratedBase generated;

  SbomStage(
      String format,
      Instant created,
      Optional<Path> caBundle,
      String toolVersion,
      BaseSboms baseSboms) {
    this.baseSboms = baseSboms;
    this.format = format;
    this.created = created;
    this.caBundle = caBundle;
    this.toolVersion = toolVersion;
  }

  boolean enabled() {
    return !format.equals("none");
  }

  /** An SBOM per platform manifest of {@code image}, none when no format was asked for. */
  List<Document> documents(
      TargetImage image, Map<Platform, BaseImage> bases, Map<Platform, GoBuildInfo> builds)
      throws IOException, UsageException {
    if (!enabled()) {
      return List.of();
    }
    List<Document> out = new ArrayList<>();
    for (PlatformImage p : image.platforms()) {
      SbomSubject subject =
          new SbomSubject(
              image.name(),
              p.manifest().digest(),
              p.platform(),
              builds.get(p.platform()),
              base(bases.get(p.platform())),
              created,
              toolVersion);
      boolean spdx = format.equals("spdx");
      out.add(
          spdx
              ? new Document(
                  p, SpdxSbom.MEDIA_TYPE, SpdxSbom.PREDICATE_TYPE, SpdxSbom.write(subject))
              : new Document(
                  p,
                  CycloneDxSbom.MEDIA_TYPE,
                  CycloneDxSbom.PREDICATE_TYPE,
                  CycloneDxSbom.write(subject)));
    }
    return out;
  }

  /**
   * A pulled base by its digest, with the SBOMs it carries; the generated one by its files; scratch
   * as no files.
   */
  private SbomSubject.Base base(BaseImage base) throws IOException, UsageException {
    if (base.reference().isPresent() && base.manifestDigest().isPresent()) {
      return new SbomSubject.PulledBase(
          base.reference().get().toString(), base.manifestDigest().get(), baseSboms.of(base));
    }
    if (base.layers().isEmpty()) {
      return new SbomSubject.GeneratedBase(List.of());
    }
    return generatedBase();
  }

  /** The generated base's files, hashed once for every platform and target of the build. */
  private synchronized SbomSubject.GeneratedBase generatedBase()
      throws IOException, UsageException {
    if (generated == null) {
      List<SbomSubject.BaseFile> files = new ArrayList<>();
      for (LayerEntry e : LayerStage.staticBaseEntries(caBundle).entries()) {
        if (e.type() == LayerEntry.Type.FILE) {
          files.add(new SbomSubject.BaseFile("/" + e.path(), sha256(e.content())));
        }
      }
      generated = new SbomSubject.GeneratedBase(files);
    }
    return generated;
  }

  private static Digest sha256(ContentSource content) throws IOException {
    MessageDigest md = Digest.newSha256();
    try (InputStream in = new DigestInputStream(content.open(), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return Digest.sha256(md.digest());
  }
}
