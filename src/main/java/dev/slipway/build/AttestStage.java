package dev.slipway.build;

import dev.slipway.attest.InTotoStatement;
import dev.slipway.attest.SigningKey;
import dev.slipway.attest.SigstoreBundle;
import dev.slipway.attest.SlsaProvenance;
import dev.slipway.compile.GoBuildInfo;
import dev.slipway.core.Platform;
import dev.slipway.core.Tasks;
import dev.slipway.core.UsageException;
import dev.slipway.image.BaseImage;
import dev.slipway.image.Descriptor;
import dev.slipway.image.PlatformImage;
import dev.slipway.image.Referrer;
import dev.slipway.image.TargetImage;
import dev.slipway.plan.Attestations;
import dev.slipway.plan.BuildRequest;
import dev.slipway.plan.Target;
import dev.slipway.plan.TargetSpec;
import dev.slipway.registry.RegistryClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What a build attaches to each image as OCI referrers, none of which changes its digest: SBOMs
 * ({@link SbomStage}), SLSA provenance ({@link Provenances}) and, with a key, signatures. Signed,
 * every statement travels as a Sigstore bundle (cosign 3's format): the image's own signature claim
 * on its index and on each platform manifest, the provenance, and each SBOM as an attestation
 * beside its plain copy (which SBOM scanners read). The key is read before any work, so a bad one
 * is exit 2 with nothing built.
 */
final class AttestStage {
  private static final String TOOL_VERSION = toolVersion();

  private final Attestations asked;
  private final Instant created;
  private final Optional<SigningKey> key;
  private final SbomStage sboms;
  private final Provenances provenances;
  private final Map<CompileStage.Key, GoBuildInfo> builds = new ConcurrentHashMap<>();

  private AttestStage(
      BuildRequest request,
      Map<String, String> environment,
      Optional<SigningKey> key,
      BaseSboms baseSboms) {
    this.asked = request.attestations();
    this.created = request.created();
    this.key = key;
    this.sboms = new SbomStage(asked.sbom(), created, request.caBundle(), TOOL_VERSION, baseSboms);
    this.provenances = new Provenances(request, environment, Instant.now(), TOOL_VERSION);
  }

  /**
   * The stage of {@code request}, with its signing key read and checked; {@code registry} is asked
   * for the SBOMs of pulled bases, {@code warnings} told when it cannot say.
   */
  static AttestStage open(
      BuildRequest request,
      Map<String, String> environment,
      Supplier<RegistryClient> registry,
      PrintStream warnings)
      throws UsageException, IOException {
    Optional<SigningKey> key = Optional.empty();
    Optional<Path> file = request.attestations().signKey();
    if (file.isPresent()) {
      key =
          Optional.of(
              SigningKey.load(file.get(), environment.get(SigningKey.PASSWORD_ENV), "--sign-key"));
    }
    return new AttestStage(request, environment, key, new BaseSboms(registry, warnings));
  }

  /**
   * What the fast path must see change: the formats asked for and the key's public id (never the
   * key).
   */
  String identity() {
    return asked.sbom()
        + (asked.provenance() ? " provenance" : "")
        + key.map(k -> " signed by " + k.keyId()).orElse("");
  }

  /** Reads what go wrote into the binary of {@code target} for {@code platform}, if needed. */
  void read(Target target, Platform platform, Path binary) throws IOException {
    if (sboms.enabled() || asked.provenance()) {
      builds.put(new CompileStage.Key(target.importPath(), platform), GoBuildInfo.read(binary));
    }
  }

  /**
   * {@code image} once made, with its referrers. Provenance also waits for {@code compiled} (every
   * go build of the run), whose cache lineage {@code lineage} then gives.
   */
  CompletableFuture<TargetImage> attach(
      Target target,
      TargetSpec spec,
      CompletableFuture<TargetImage> image,
      Map<ImageStage.BaseKey, CompletableFuture<BaseImage>> bases,
      CompletableFuture<?> compiled,
      Supplier<Provenances.Lineage> lineage,
      Executor cpu) {
    if (!asked.any()) {
      return image;
    }
    CompletableFuture<?> ready =
        asked.provenance() ? CompletableFuture.allOf(image, compiled) : image;
    return Tasks.then(
        ready,
        unused -> {
          TargetImage img = image.join();
          Map<Platform, BaseImage> used = new HashMap<>();
          Map<Platform, GoBuildInfo> info = new HashMap<>();
          for (Platform platform : spec.platforms()) {
            used.put(platform, bases.get(new ImageStage.BaseKey(spec.base(), platform)).join());
            GoBuildInfo build = builds.get(new CompileStage.Key(target.importPath(), platform));
            if (build != null) {
              info.put(platform, build);
            }
          }
          return img.withReferrers(referrers(target, spec, img, used, info, lineage));
        },
        cpu);
  }

  private List<Referrer> referrers(
      Target target,
      TargetSpec spec,
      TargetImage image,
      Map<Platform, BaseImage> bases,
      Map<Platform, GoBuildInfo> info,
      Supplier<Provenances.Lineage> lineage)
      throws IOException, UsageException {
    List<Referrer> out = new ArrayList<>();
    for (SbomStage.Document d : sboms.documents(image, bases, info)) {
      Descriptor subject = d.platform().manifest();
      out.add(Referrer.artifact(subject, d.mediaType(), d.bytes(), created));
      if (key.isPresent()) {
        InTotoStatement.Subject about = new InTotoStatement.Subject(image.name(), subject.digest());
        out.add(
            signed(
                subject,
                InTotoStatement.write(List.of(about), d.predicateType(), d.bytes()),
                d.predicateType()));
      }
    }
    if (asked.provenance()) {
      byte[] statement = provenances.statement(target, spec, image, bases, info, lineage.get());
      for (Descriptor subject : subjects(image)) {
        out.add(
            SigstoreBundle.referrer(
                subject, statement, SlsaProvenance.PREDICATE_TYPE, key, created));
      }
    }
    if (key.isPresent()) {
      for (Descriptor subject : subjects(image)) {
        out.add(
            signed(
                subject,
                InTotoStatement.signatureClaim(subject.digest()),
                InTotoStatement.COSIGN_SIGN));
      }
    }
    return out;
  }

  /** The index, if there is one, and each platform manifest: what a verifier may be given. */
  private static List<Descriptor> subjects(TargetImage image) {
    List<Descriptor> out = new ArrayList<>();
    if (image.isIndex()) {
      out.add(image.root());
    }
    for (PlatformImage p : image.platforms()) {
      out.add(p.manifest());
    }
    return out;
  }

  private Referrer signed(Descriptor subject, byte[] statement, String predicateType) {
    return SigstoreBundle.referrer(subject, statement, predicateType, key, created);
  }

  private static String toolVersion() {
    String version = AttestStage.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
