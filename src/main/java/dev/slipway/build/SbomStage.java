package dev.slipway.build;

import dev.slipway.attest.CycloneDxSbom;
import dev.slipway.attest.SbomSubject;
import dev.slipway.attest.SpdxSbom;
import dev.slipway.compile.GoBuildInfo;
import dev.slipway.core.Digest;
import dev.slipway.core.Platform;
import dev.slipway.core.Tasks;
import dev.slipway.core.UsageException;
import dev.slipway.image.BaseImage;
import dev.slipway.image.PlatformImage;
import dev.slipway.image.Referrer;
import dev.slipway.image.TargetImage;
import dev.slipway.layer.ContentSource;
import dev.slipway.layer.LayerEntry;
import dev.slipway.plan.Target;
import dev.slipway.plan.TargetSpec;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Attaches an SBOM ({@code --sbom spdx|cyclonedx}) to each platform's image as its referrer. A
 * binary's build information is read while its output directory is still locked ({@link #read});
 * once the image is made, each platform manifest gets its document ({@link #attach}).
 */
final class SbomStage {
  private final String format;
  private final Instant created;
  private final Optional<Path> caBundle;
  private final String toolVersion;
  private final Map<CompileStage.Key, GoBuildInfo> builds = new ConcurrentHashMap<>();
  private SbomSubject.GeneratedBase generated;

  SbomStage(String format, Instant created, Optional<Path> caBundle) {
    this.format = format;
    this.created = created;
    this.caBundle = caBundle;
    String version = SbomStage.class.getPackage().getImplementationVersion();
    this.toolVersion = version == null ? "dev" : version;
  }

  boolean enabled() {
    return !format.equals("none");
  }

  /** Reads what go wrote into the binary of {@code target} for {@code platform}. */
  void read(Target target, Platform platform, Path binary) throws IOException {
    if (enabled()) {
      builds.put(new CompileStage.Key(target.importPath(), platform), GoBuildInfo.read(binary));
    }
  }

  /**
   * {@code image} once made, with its SBOMs; the bases it was built on are done by then, as the
   * image waited for them.
   */
  CompletableFuture<TargetImage> attach(
      Target target,
      TargetSpec spec,
      CompletableFuture<TargetImage> image,
      Map<ImageStage.BaseKey, CompletableFuture<BaseImage>> bases,
      Executor cpu) {
    if (!enabled()) {
      return image;
    }
    return Tasks.then(
        image,
        img -> {
          Map<Platform, BaseImage> used = new java.util.HashMap<>();
          for (Platform platform : spec.platforms()) {
            used.put(platform, bases.get(new ImageStage.BaseKey(spec.base(), platform)).join());
          }
          return attach(target, img, used);
        },
        cpu);
  }

  /** {@code image} with an SBOM referrer per platform manifest. */
  TargetImage attach(Target target, TargetImage image, Map<Platform, BaseImage> bases)
      throws IOException, UsageException {
    if (!enabled()) {
      return image;
    }
    List<Referrer> referrers = new ArrayList<>();
    for (PlatformImage p : image.platforms()) {
      GoBuildInfo build = builds.get(new CompileStage.Key(target.importPath(), p.platform()));
      if (build == null) {
        throw new IllegalStateException("no build information read for " + target.name());
      }
      SbomSubject subject =
          new SbomSubject(
              image.name(),
              p.manifest().digest(),
              p.platform(),
              build,
              base(bases.get(p.platform())),
              created,
              toolVersion);
      boolean spdx = format.equals("spdx");
      byte[] document = spdx ? SpdxSbom.write(subject) : CycloneDxSbom.write(subject);
      String type = spdx ? SpdxSbom.MEDIA_TYPE : CycloneDxSbom.MEDIA_TYPE;
      referrers.add(Referrer.artifact(p.manifest(), type, document, created));
    }
    return image.withReferrers(referrers);
  }

  /** A pulled base by its digest; the generated one by its files; scratch as no files. */
  private SbomSubject.Base base(BaseImage base) throws IOException, UsageException {
    if (base.reference().isPresent() && base.manifestDigest().isPresent()) {
      return new SbomSubject.PulledBase(
          base.reference().get().toString(), base.manifestDigest().get());
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
