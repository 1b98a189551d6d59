package dev.slipway.cli;

import dev.slipway.build.RemoteCaches;
import dev.slipway.core.Platform;
import dev.slipway.core.UsageException;
import dev.slipway.plan.BuildFlags;
import dev.slipway.plan.BuildRequest;
import dev.slipway.plan.Requests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The flags of every command that builds images ({@code build}, {@code resolve}). */
final class BuildOptions {
  @Option(names = "-C", paramLabel = "DIR", description = "Run as if started in DIR.")
  Path chdir;

  @Option(names = "--platform", paramLabel = "LIST", description = "e.g. linux/amd64,linux/arm64")
  String platform;

  @Option(names = "--base", paramLabel = "REF", description = "Base image, or 'scratch'.")
  String base;

  @Option(names = "--ca-bundle", paramLabel = "FILE", description = "CA bundle for the base.")
  Path caBundle;

  @Option(names = "--oci-layout", paramLabel = "DIR", description = "OCI layout output.")
  Path ociLayout;

  @Option(names = "--tarball", paramLabel = "FILE", description = "docker-archive output.")
  Path tarball;

  @Option(names = "--push", paramLabel = "REPO[:TAG]", description = "Push (or SLIPWAY_REPO).")
  String push;

  @Option(names = "--tag", paramLabel = "TAG", description = "More tags to push (repeatable).")
  List<String> tags = new ArrayList<>();

  @Option(names = "--insecure-registry", paramLabel = "HOST", description = "Allow plain HTTP.")
  List<String> insecure = new ArrayList<>();

  @Option(names = "--json", paramLabel = "FILE", description = "Write the build summary here.")
  Path json;

  @Option(names = "--ldflags", paramLabel = "FLAGS", description = "go build -ldflags")
  String ldflags;

  @Option(names = "--tags", paramLabel = "TAGS", description = "go build -tags")
  String buildTags;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Project configuration (or SLIPWAY_CONFIG; default: ./slipway.yaml if any).")
  Path config;

  @Option(names = "--env", paramLabel = "K=V", description = "Environment for go build.")
  List<String> buildEnv = new ArrayList<>();

  @Option(names = "--label", paramLabel = "K=V", description = "Image label (repeatable).")
  List<String> labels = new ArrayList<>();

  @Option(names = "--buildvcs", description = "Let go stamp VCS data into binaries.")
  boolean buildVcs;

  @Option(names = "--vcs-labels", description = "Add org.opencontainers.image.* labels from git.")
  boolean vcsLabels;

  @Option(names = "--compression", paramLabel = "gzip|zstd", description = "Layer compression.")
  String compression = "gzip";

  @Option(
      names = "--sbom",
      paramLabel = "spdx|cyclonedx|none",
      description =
          "Attach an SBOM to each platform's image as an OCI referrer, in the layout or the"
              + " registry (default none).")
  String sbom;

  @Option(
      names = "--provenance",
      description =
          "Attach SLSA v1 provenance (an in-toto statement) to the image as an OCI referrer.")
  boolean provenance;

  @Option(
      names = "--sign-key",
      paramLabel = "FILE",
      description =
          "Sign the image and its attestations with this PEM EC P-256 key (or SLIPWAY_SIGN_KEY;"
              + " password in SLIPWAY_SIGN_KEY_PASSWORD): Sigstore bundles that cosign verifies.")
  String signKey;

  /** Where CI systems that hand secrets over as files can name the key. */
  static final String SIGN_KEY_ENV = "SLIPWAY_SIGN_KEY";

  @Option(
      names = "--cache",
      paramLabel = "URL",
      description =
          "Remote cache for compile actions and modules (repeatable; or SLIPWAY_CACHE): redis://,"
              + " rediss://, http(s)://, oci://.")
  List<String> caches = new ArrayList<>();

  @Option(
      names = "--offline",
      description =
          "Fetch no module from upstream; only Slipway's module store and the remote caches serve"
              + " them.")
  boolean offline;

  @Option(names = "-j", paramLabel = "N", description = "Parallel jobs (default: CPUs).")
  Integer jobs;

  @Option(names = "--bare", description = "As ko: push every image to the push repository itself.")
  boolean bare;

  @Option(
      names = {"-B", "--base-import-paths"},
      description = "As ko: push to REPO/<last element of the import path>.")
  boolean baseImportPaths;

  @Option(
      names = {"-P", "--preserve-import-paths"},
      description = "As ko: push to REPO/<import path>.")
  boolean preserveImportPaths;

  @Option(
      names = "--image-refs",
      paramLabel = "FILE",
      description = "Write each image's reference here, one per line (as ko).")
  Path imageRefs;

  @Option(
      names = "--image-label",
      paramLabel = "K=V[,K=V]",
      description = "Image labels, as ko (repeatable).")
  List<String> imageLabels = new ArrayList<>();

  @Option(
      names = "--image-annotation",
      paramLabel = "K=V[,K=V]",
      description = "Manifest annotations, as ko (repeatable).")
  List<String> imageAnnotations = new ArrayList<>();

  @Option(names = "--image-user", paramLabel = "USER", description = "The image's user, as ko.")
  String imageUser;

  /**
   * The request for {@code packages} from these flags, every one checked before any work (see
   * plan.Requests). Relative paths of files are relative to where slipway was started ({@code
   * paths}), not to -C.
   */
  BuildRequest request(List<String> packages, Map<String, String> env, Paths paths)
      throws UsageException, java.io.IOException {
    List<String> cacheUrls = RemoteCaches.urls(caches, env);
    RemoteCaches.check(caches.isEmpty() ? RemoteCaches.ENV : "--cache", cacheUrls, env);
    return Requests.build(
        new BuildFlags(
            paths.workDir(chdir),
            packages,
            config == null ? null : paths.resolve(config),
            platform,
            base,
            caBundle == null ? null : paths.resolve(caBundle),
            ociLayout == null ? null : paths.resolve(ociLayout),
            tarball == null ? null : paths.resolve(tarball),
            push,
            tags,
            insecure,
            ldflags,
            buildTags,
            buildEnv,
            labels,
            buildVcs,
            vcsLabels,
            compression,
            sbom,
            provenance,
            signKey(env, paths),
            offline,
            jobs,
            new BuildFlags.ImageFlags(
                naming(),
                imageRefs == null ? null : paths.resolve(imageRefs),
                imageLabels,
                imageAnnotations,
                imageUser)),
        env,
        hostPlatform(),
        paths.cacheDir(env),
        cacheUrls);
  }

  /** {@code --sign-key}, else {@value #SIGN_KEY_ENV}, against the invocation's directory. */
  private Path signKey(Map<String, String> env, Paths paths) {
    String given = signKey != null ? signKey : env.get(SIGN_KEY_ENV);
    return given == null || given.isEmpty() ? null : paths.resolve(Path.of(given));
  }

  /** The naming modes given, as ko names them. */
  private List<String> naming() {
    List<String> given = new ArrayList<>();
    if (bare) {
      given.add("bare");
    }
    if (baseImportPaths) {
      given.add("base-import-paths");
    }
    if (preserveImportPaths) {
      given.add("preserve-import-paths");
    }
    return given;
  }

  static Platform hostPlatform() {
    String arch = System.getProperty("os.arch");
    return Platform.of(
        "linux",
        switch (arch) {
          case "amd64", "x86_64" -> "amd64";
          case "aarch64", "arm64" -> "arm64";
          default -> arch;
        });
  }
}
