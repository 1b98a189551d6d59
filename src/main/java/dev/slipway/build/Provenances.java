package dev.slipway.build;

import dev.slipway.attest.InTotoStatement;
import dev.slipway.attest.SlsaProvenance;
import dev.slipway.attest.SlsaProvenance.Resource;
import dev.slipway.compile.GoBuildInfo;
import dev.slipway.core.Digest;
import dev.slipway.core.Platform;
import dev.slipway.fingerprint.Toolchain;
import dev.slipway.image.BaseImage;
import dev.slipway.image.PlatformImage;
import dev.slipway.image.TargetImage;
import dev.slipway.plan.BuildRequest;
import dev.slipway.plan.BuildSettings;
import dev.slipway.plan.ImageSpec;
import dev.slipway.plan.Target;
import dev.slipway.plan.TargetSpec;
import dev.slipway.plan.VcsInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns one target's build into its SLSA provenance ({@code --provenance}): the request's settings
 * as external parameters, and what the build resolved (the git commit, the toolchain binary, the
 * modules linked in, the bases) as dependencies. What is the same for every target of a build (the
 * source, the toolchain's hash) is read once.
 */
final class Provenances {
  /** Names the platform that ran the build, for policies that trust builders by id. */
  static final String BUILDER_ENV = "SLIPWAY_BUILDER_ID";

  static final String DEFAULT_BUILDER = "https://slipway.dev/builder/v1";

  private final BuildRequest request;
  private final Map<String, String> environment;
  private final Instant started;
  private final String toolVersion;
  private List<Resource> shared;

  Provenances(
      BuildRequest request, Map<String, String> environment, Instant started, String toolVersion) {
    this.request = request;
    this.environment = environment;
    this.started = started;
    this.toolVersion = toolVersion;
  }

  /** Where the build's compile actions came from, the provenance's byproduct. */
  record Lineage(Map<String, Object> counts) {}

  byte[] statement(
      Target target,
      TargetSpec spec,
      TargetImage image,
      Map<Platform, BaseImage> bases,
      Map<Platform, GoBuildInfo> builds,
      Lineage lineage)
      throws IOException {
    List<InTotoStatement.Subject> subjects = new ArrayList<>();
    if (image.isIndex()) {
      subjects.add(new InTotoStatement.Subject(image.name(), image.root().digest()));
    }
    for (PlatformImage p : image.platforms()) {
      subjects.add(new InTotoStatement.Subject(image.name(), p.manifest().digest()));
    }
    GoBuildInfo first = builds.get(image.platforms().get(0).platform());
    List<Resource> resolved = new ArrayList<>(shared(first.goVersion()));
    resolved.addAll(SlsaProvenance.modules(new ArrayList<>(builds.values())));
    for (PlatformImage p : image.platforms()) {
      BaseImage base = bases.get(p.platform());
      if (base.reference().isPresent() && base.manifestDigest().isPresent()) {
        resolved.add(
            SlsaProvenance.baseImage(
                base.reference().get().toString(),
                base.manifestDigest().get(),
                p.platform().toString(),
                base.pinned().map(Object::toString).orElse("")));
      }
    }
    Map<String, String> versions = new TreeMap<>();
    versions.put("slipway", toolVersion);
    versions.put("go", first.goVersion());
    SlsaProvenance.Run run =
        new SlsaProvenance.Run(
            Optional.ofNullable(environment.get(BUILDER_ENV))
                .filter(id -> !id.isEmpty())
                .orElse(DEFAULT_BUILDER),
            versions,
            invocationId(),
            started,
            Instant.now());
    List<Resource> byproducts =
        List.of(new Resource(null, "cache-lineage", Map.of(), lineage.counts()));
    return SlsaProvenance.statement(
        subjects, external(target, spec), Map.of(), resolved, run, byproducts);
  }

  /** The request as the user gave it for this target: what a rebuild needs to ask for again. */
  private Map<String, Object> external(Target target, TargetSpec spec) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("packages", request.packages());
    out.put("target", target.name());
    out.put("importPath", target.importPath());
    out.put("platforms", spec.platforms().stream().map(Platform::toString).toList());
    out.put("base", spec.base().orElse("(generated static base)"));
    BuildSettings build = spec.build();
    Map<String, Object> go = new LinkedHashMap<>();
    go.put("flags", build.flags());
    go.put("ldflags", build.ldflags());
    go.put("tags", build.tags());
    go.put("env", new TreeMap<>(build.env()));
    out.put("build", go);
    ImageSpec image = spec.image();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("user", image.user());
    image.workdir().ifPresent(w -> config.put("workdir", w));
    image.entrypoint().ifPresent(e -> config.put("entrypoint", e));
    config.put("args", image.args());
    config.put("env", new TreeMap<>(image.env()));
    config.put("files", image.files().stream().map(f -> f.target()).toList());
    config.put("labels", new TreeMap<>(image.labels()));
    config.put("annotations", new TreeMap<>(image.annotations()));
    out.put("image", config);
    out.put("created", request.created().toString());
    out.put("compression", request.compression());
    out.put("buildVcs", request.buildVcs());
    out.put("vcsLabels", request.vcsLabels());
    out.put("sbom", request.attestations().sbom());
    return out;
  }

  /** The source at its commit and the go binary that ran, the same for every target. */
  private synchronized List<Resource> shared(String goVersion) throws IOException {
    if (shared == null) {
      List<Resource> out = new ArrayList<>();
      Map<String, String> vcs = VcsInfo.labels(request.workDir(), environment);
      String commit = vcs.get("org.opencontainers.image.revision");
      if (commit != null) {
        out.add(
            SlsaProvenance.source(
                Optional.ofNullable(vcs.get("org.opencontainers.image.source")), commit));
      }
      Optional<Path> go = Toolchain.findGo(environment.get("PATH"));
      if (go.isPresent()) {
        out.add(SlsaProvenance.toolchain(goVersion, Digest.sha256Of(go.get().toRealPath())));
      }
      shared = out;
    }
    return shared;
  }

  /** The CI job that ran the build, when a known CI system says so. */
  private Optional<String> invocationId() {
    String gitlab = environment.get("CI_JOB_URL");
    if (gitlab != null && !gitlab.isEmpty()) {
      return Optional.of(gitlab);
    }
    String server = environment.get("GITHUB_SERVER_URL");
    String repository = environment.get("GITHUB_REPOSITORY");
    String run = environment.get("GITHUB_RUN_ID");
    if (server != null && repository != null && run != null) {
      String attempt = environment.getOrDefault("GITHUB_RUN_ATTEMPT", "1");
      return Optional.of(
          server + "/" + repository + "/actions/runs/" + run + "/attempts/" + attempt);
    }
    return Optional.empty();
  }
}
