package dev.slipway.plan;

import dev.slipway.config.KoConfig;
import dev.slipway.config.KoConfigReader;
import dev.slipway.config.ProjectConfig;
import dev.slipway.config.ProjectConfigReader;
import dev.slipway.core.ImageReference;
import dev.slipway.core.Platform;
import dev.slipway.core.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the {@link BuildRequest} of {@code slipway build} from its flags, the environment and the
 * project's configuration, checking everything before any work is done.
 */
public final class Requests {
  /** Names the configuration file when {@code --config} does not. */
  public static final String CONFIG_ENV = "SLIPWAY_CONFIG";

  /** Names ko's configuration file, or its directory, as ko reads it. */
  public static final String KO_CONFIG_ENV = "KO_CONFIG_PATH";

  private Requests() {}

  /**
   * The request, or bad input (exit 2) naming the flag, variable or {@code file:line:column}.
   *
   * @param cacheDir Slipway's cache directory
   * @param caches remote cache URLs, already checked
   */
  public static BuildRequest build(
      BuildFlags f, Map<String, String> env, Platform host, Path cacheDir, List<String> caches)
      throws UsageException, IOException {
    Optional<ImageReference> pushRef = RequestChecks.pushTarget(f.push(), env);
    ImageNaming naming =
        RequestChecks.naming(f.image().naming(), RequestChecks.pushSource(f.push(), env));
    RequestChecks.tags(f.tags());
    RequestChecks.base(f.base());
    RequestChecks.compression(f.compression());
    Attestations attestations =
        RequestChecks.attestations(f.sbom(), f.provenance(), f.signKey(), f.tarball() != null);
    Set<String> insecureHosts = RequestChecks.registryHosts(f.insecureRegistries());
    Map<String, String> labels = RequestChecks.assignments("--label", f.labels());
    labels.putAll(RequestChecks.commaAssignments("--image-label", f.image().labels()));
    Overrides overrides =
        new Overrides(
            f.platform() == null
                ? Optional.empty()
                : Optional.of(BuildPlatforms.parseOrAll("--platform", f.platform())),
            Optional.ofNullable(f.base()),
            Optional.ofNullable(f.ldflags()),
            Optional.ofNullable(f.buildTags()),
            RequestChecks.assignments("--env", f.buildEnv()),
            labels,
            RequestChecks.commaAssignments("--image-annotation", f.image().annotations()),
            Optional.ofNullable(f.image().user()).filter(u -> !u.isEmpty()));
    KoLayers ko =
        KoLayers.resolve(
            koConfig(f.workDir(), env), f.workDir(), KoTemplateData.of(env, f.workDir()));
    TargetSpecs targets = TargetSpecs.resolve(config(f, env), ko, overrides, host);
    Optional<Path> layout = Optional.ofNullable(f.ociLayout());
    if (layout.isEmpty() && f.tarball() == null && pushRef.isEmpty()) {
      layout = Optional.of(f.workDir().resolve("build").resolve("oci"));
    }
    return new BuildRequest(
        f.workDir(),
        f.packages().stream().map(Requests::withoutKoScheme).toList(),
        targets,
        Optional.ofNullable(f.caBundle()),
        f.buildVcs(),
        f.vcsLabels(),
        f.compression(),
        attestations,
        new BuildRequest.Outputs(
            layout,
            Optional.ofNullable(f.tarball()),
            pushRef,
            f.tags(),
            insecureHosts,
            naming,
            Optional.ofNullable(f.image().refs())),
        RequestChecks.jobs(f.jobs()),
        RequestChecks.created(env),
        cacheDir,
        f.offline(),
        caches);
  }

  /**
   * ko's configuration: the file {@code KO_CONFIG_PATH} names (or {@code .ko.yaml} in the directory
   * it names), else {@code .ko.yaml} in the working directory if there is one.
   */
  static KoConfig koConfig(Path workDir, Map<String, String> env)
      throws UsageException, IOException {
    String named = env.get(KO_CONFIG_ENV);
    if (named != null && !named.isEmpty()) {
      Path path = workDir.resolve(named);
      Path file = Files.isDirectory(path) ? path.resolve(KoConfig.FILE_NAME) : path;
      if (!Files.isRegularFile(file)) {
        throw new UsageException(KO_CONFIG_ENV + "=" + named + ": no such file");
      }
      return KoConfigReader.read(file, workDir.relativize(file.toAbsolutePath()).toString());
    }
    Path file = workDir.resolve(KoConfig.FILE_NAME);
    return Files.isRegularFile(file)
        ? KoConfigReader.read(file, KoConfig.FILE_NAME)
        : KoConfig.none(file);
  }

  /** {@code ko://import/path}, as ko users write packages, is the import path. */
  private static String withoutKoScheme(String pkg) {
    return pkg.startsWith("ko://") ? pkg.substring("ko://".length()) : pkg;
  }

  /**
   * The project's configuration: {@code --config}, else {@value #CONFIG_ENV}, else {@code
   * slipway.yaml} in the working directory if there is one; none at all is no error.
   */
  static ProjectConfig config(BuildFlags f, Map<String, String> env)
      throws UsageException, IOException {
    String named = f.config() != null ? f.config().toString() : env.get(CONFIG_ENV);
    if (named != null && !named.isEmpty()) {
      Path file = f.workDir().resolve(named);
      if (!Files.isRegularFile(file)) {
        throw new UsageException(
            (f.config() != null ? "--config " : CONFIG_ENV + "=") + named + ": no such file");
      }
      return ProjectConfigReader.read(file, named);
    }
    Path file = f.workDir().resolve(ProjectConfig.FILE_NAME);
    if (Files.isRegularFile(file)) {
      return ProjectConfigReader.read(file, ProjectConfig.FILE_NAME);
    }
    return ProjectConfig.none(f.workDir());
  }
}
