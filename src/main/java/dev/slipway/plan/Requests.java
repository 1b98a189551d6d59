package dev.slipway.plan;

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
    RequestChecks.tags(f.tags());
    RequestChecks.base(f.base());
    RequestChecks.compression(f.compression());
    Set<String> insecureHosts = RequestChecks.registryHosts(f.insecureRegistries());
    Overrides overrides =
        new Overrides(
            f.platform() == null
                ? Optional.empty()
                : Optional.of(BuildPlatforms.parse("--platform", f.platform())),
            Optional.ofNullable(f.base()),
            Optional.ofNullable(f.ldflags()),
            Optional.ofNullable(f.buildTags()),
            RequestChecks.assignments("--env", f.buildEnv()),
            RequestChecks.assignments("--label", f.labels()));
    TargetSpecs targets = TargetSpecs.resolve(config(f, env), overrides, host);
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
        new BuildRequest.Outputs(
            layout, Optional.ofNullable(f.tarball()), pushRef, f.tags(), insecureHosts),
        RequestChecks.jobs(f.jobs()),
        RequestChecks.created(env),
        cacheDir,
        f.offline(),
        caches);
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
