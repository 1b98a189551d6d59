package dev.slipway.verify;

import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.core.Platform;
import dev.slipway.core.RegistryException;
import dev.slipway.core.SlipwayException;
import dev.slipway.core.Trees;
import dev.slipway.core.UsageException;
import dev.slipway.plan.VcsInfo;
import dev.slipway.registry.DockerConfigCredentials;
import dev.slipway.registry.ManifestDescriptor;
import dev.slipway.registry.RegistryClient;
import dev.slipway.registry.RegistryOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code slipway verify IMAGE}: the image's provenance, a rebuild of it from {@code checkout} with
 * every cache off, and the comparison. The checkout must be at the commit the provenance names
 * (when it names one): a rebuild of other sources proves nothing.
 */
public final class ImageVerifier {
  /** What verification found. */
  public record Result(
      Digest original,
      Digest rebuilt,
      Optional<String> commit,
      boolean signatureChecked,
      Optional<String> difference) {
    public boolean reproduced() {
      return difference.isEmpty();
    }
  }

  /**
   * Verifies {@code image} with a registry client of its own (credentials as for pushing, plain
   * HTTP for {@code insecure} hosts and loopback) and the public key in {@code keyFile}, if any.
   */
  public static Result run(
      ImageReference image,
      Path checkout,
      Optional<Path> keyFile,
      Set<String> insecure,
      Map<String, String> environment,
      Platform host,
      PrintStream warnings)
      throws SlipwayException, IOException {
    Optional<PublicKey> key =
        keyFile.isEmpty() ? Optional.empty() : Optional.of(publicKey(keyFile.get()));
    Path scratch = Files.createTempDirectory("slipway-verify-");
    try (RegistryClient registry =
        RegistryClient.create(
            RegistryOptions.defaults(environment)
                .withInsecureHosts(insecure)
                .withCredentials(DockerConfigCredentials.fromEnvironment(environment)))) {
      return new ImageVerifier(registry, environment, host, warnings)
          .verify(image, checkout, key, scratch);
    } finally {
      Trees.delete(scratch);
    }
  }

  private static PublicKey publicKey(Path file) throws UsageException {
    try {
      String base64 =
          Files.readString(file)
              .replace("-----BEGIN PUBLIC KEY-----", "")
              .replace("-----END PUBLIC KEY-----", "")
              .replaceAll("\\s", "");
      return KeyFactory.getInstance("EC")
          .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new UsageException("--key " + file + ": not a PEM EC public key", e);
    }
  }

  private final RegistryClient registry;
  private final Map<String, String> environment;
  private final Platform host;
  private final PrintStream warnings;

  public ImageVerifier(
      RegistryClient registry,
      Map<String, String> environment,
      Platform host,
      PrintStream warnings) {
    this.registry = registry;
    this.environment = environment;
    this.host = host;
    this.warnings = warnings;
  }

  /**
   * Verifies {@code image} against a rebuild in {@code checkout}.
   *
   * @param key when given, only provenance this key signed is taken
   * @param scratch an empty directory for the rebuild's caches, layout and downloads
   */
  public Result verify(ImageReference image, Path checkout, Optional<PublicKey> key, Path scratch)
      throws SlipwayException, IOException {
    Digest root = image.digest();
    if (root == null) {
      ManifestDescriptor head =
          registry
              .headManifest(image)
              .orElseThrow(() -> new RegistryException("image " + image + " not found"));
      root = head.digest();
    }
    Provenance provenance = Provenance.read(registry, image, root, key, scratch);
    Optional<String> commit = provenance.commit();
    if (commit.isPresent()) {
      String head = VcsInfo.commit(checkout, environment).orElse("");
      if (!head.equals(commit.get())) {
        throw new UsageException(
            checkout
                + ": the image was built from commit "
                + commit.get()
                + ", but the checkout is at "
                + (head.isEmpty() ? "no commit" : head)
                + "; check out that commit and verify again");
      }
      if (VcsInfo.hasChanges(checkout, environment)) {
        warnings.println(
            "slipway: warning: "
                + checkout
                + " has changes not committed; the rebuild includes them");
      }
    }
    Path layout = scratch.resolve("oci");
    Digest rebuilt =
        Digest.parse(
            Rebuild.run(provenance, checkout, environment, host, scratch, layout, warnings));
    Optional<String> difference =
        new LayerDiff(registry, image, layout, scratch).compare(root, rebuilt);
    return new Result(root, rebuilt, commit, provenance.signatureChecked(), difference);
  }
}
