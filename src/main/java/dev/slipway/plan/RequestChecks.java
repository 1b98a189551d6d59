package dev.slipway.plan;

import dev.slipway.core.ImageReference;
import dev.slipway.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a build's flags and variables before any work is done, each failure a {@link
 * UsageException} (exit 2) that names the flag or variable. Commands call these and stay thin;
 * platforms are checked by {@link BuildPlatforms}.
 */
public final class RequestChecks {
  /** The variable that names the push repository when {@code --push} does not. */
  public static final String REPO_ENV = "SLIPWAY_REPO";

  private RequestChecks() {}

  /** ko's variable for the push repository, read when neither of Slipway's is given. */
  public static final String KO_REPO_ENV = "KO_DOCKER_REPO";

  /**
   * {@code --push}, else {@code SLIPWAY_REPO}, else {@code KO_DOCKER_REPO}: a repository with an
   * optional tag, no digest.
   */
  public static Optional<ImageReference> pushTarget(String flag, Map<String, String> env)
      throws UsageException {
    String name = pushSource(flag, env);
    String text = flag != null ? flag : env.get(name);
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    if (name.equals(KO_REPO_ENV)
        && (text.equals("ko.local")
            || text.startsWith("ko.local/")
            || text.equals("kind.local")
            || text.startsWith("kind.local/"))) {
      throw new UsageException(
          KO_REPO_ENV
              + "="
              + text
              + ": Slipway loads no Docker daemon or kind cluster; push to a registry, or write"
              + " --oci-layout DIR or --tarball FILE");
    }
    ImageReference ref;
    try {
      ref = ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(name + ": " + e.getMessage(), e);
    }
    if (ref.digest() != null) {
      throw new UsageException(name + " " + text + ": push to a tag, not a digest");
    }
    return Optional.of(ref);
  }

  /** What names the push repository: the flag, or the first variable that is set. */
  public static String pushSource(String flag, Map<String, String> env) {
    if (flag != null) {
      return "--push";
    }
    String slipway = env.get(REPO_ENV);
    return slipway == null || slipway.isEmpty() ? KO_REPO_ENV : REPO_ENV;
  }

  /**
   * The naming mode: the one ko flag given, else ko's default when the repository came from {@code
   * KO_DOCKER_REPO} (so references made by ko keep working), else Slipway's.
   */
  public static ImageNaming naming(List<String> given, String pushSource) throws UsageException {
    if (given.size() > 1) {
      throw new UsageException(
          "--" + given.get(0) + " and --" + given.get(1) + ": give at most one naming mode");
    }
    if (given.isEmpty()) {
      return pushSource.equals(KO_REPO_ENV) ? ImageNaming.KO_MD5 : ImageNaming.SLIPWAY;
    }
    return switch (given.get(0)) {
      case "bare" -> ImageNaming.BARE;
      case "base-import-paths" -> ImageNaming.BASE_IMPORT_PATHS;
      case "preserve-import-paths" -> ImageNaming.PRESERVE_IMPORT_PATHS;
      default -> throw new IllegalArgumentException("no naming mode " + given.get(0));
    };
  }

  /** ko's {@code K=V[,K=V]} flags, each given any number of times. */
  public static Map<String, String> commaAssignments(String flag, List<String> values)
      throws UsageException {
    List<String> split = new java.util.ArrayList<>();
    for (String v : values) {
      split.addAll(List.of(v.split(",", -1)));
    }
    return assignments(flag, split);
  }

  /** Each {@code --tag}: a valid tag. */
  public static void tags(List<String> tags) throws UsageException {
    for (String t : tags) {
      try {
        ImageReference.parse("x:" + t);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--tag " + t + ": not a valid tag", e);
      }
    }
  }

  /** {@code --base}: {@code scratch} or an image reference. */
  public static void base(String base) throws UsageException {
    if (base != null && !base.equals(BuildRequest.SCRATCH)) {
      try {
        ImageReference.parse(base);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--base: " + e.getMessage(), e);
      }
    }
  }

  /** Each {@code --insecure-registry}: a {@code host[:port]} as an image reference names it. */
  public static Set<String> registryHosts(List<String> hosts) throws UsageException {
    Set<String> out = new LinkedHashSet<>();
    for (String host : hosts) {
      try {
        out.add(ImageReference.requireHost(host));
      } catch (IllegalArgumentException e) {
        throw new UsageException(
            "--insecure-registry: " + e.getMessage() + " (expected host or host:port)", e);
      }
    }
    return out;
  }

  /**
   * {@code --sbom} (spdx, cyclonedx or none, the default), {@code --provenance} and {@code
   * --sign-key}. OCI layouts and registries carry referrers; a docker-archive tarball cannot, so
   * asking for any of them with a tarball is refused rather than silently dropped. The key must be
   * a readable file; what is in it is checked before the build starts ({@code attest.SigningKey}).
   */
  public static Attestations attestations(
      String sbom, boolean provenance, Path signKey, boolean tarball) throws UsageException {
    String format = sbom == null ? "none" : sbom;
    if (!Attestations.SBOM_FORMATS.contains(format)) {
      throw new UsageException("--sbom " + format + ": expected spdx, cyclonedx or none");
    }
    String asked =
        !format.equals("none")
            ? "--sbom " + format
            : provenance ? "--provenance" : signKey != null ? "--sign-key" : null;
    if (asked != null && tarball) {
      throw new UsageException(
          asked
              + ": a docker-archive tarball has no place for referrers; use --oci-layout or --push");
    }
    if (signKey != null && !Files.isRegularFile(signKey)) {
      throw new UsageException("--sign-key " + signKey + ": no such file");
    }
    return new Attestations(format, provenance, Optional.ofNullable(signKey));
  }

  /** {@code --compression}: gzip or zstd. */
  public static void compression(String compression) throws UsageException {
    if (!compression.equals("gzip") && !compression.equals("zstd")) {
      throw new UsageException("--compression " + compression + ": expected gzip or zstd");
    }
  }

  /** {@code -j}, or the number of CPUs. */
  public static int jobs(Integer jobs) throws UsageException {
    int j = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
    if (j < 1) {
      throw new UsageException("-j " + j + ": must be at least 1");
    }
    return j;
  }

  /** Repeated {@code KEY=VALUE} flags such as {@code --env} and {@code --label}. */
  public static Map<String, String> assignments(String flag, List<String> values)
      throws UsageException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String v : values) {
      int eq = v.indexOf('=');
      if (eq <= 0) {
        throw new UsageException(flag + " " + v + ": expected KEY=VALUE");
      }
      out.put(v.substring(0, eq), v.substring(eq + 1));
    }
    return out;
  }

  /** The image creation time: {@code SOURCE_DATE_EPOCH}, or the epoch. */
  public static Instant created(Map<String, String> env) throws UsageException {
    String epoch = env.get("SOURCE_DATE_EPOCH");
    if (epoch == null || epoch.isEmpty()) {
      return Instant.EPOCH;
    }
    try {
      return Instant.ofEpochSecond(Long.parseLong(epoch.strip()));
    } catch (NumberFormatException e) {
      throw new UsageException(
          "SOURCE_DATE_EPOCH=" + epoch + ": expected whole seconds since 1970", e);
    }
  }
}
