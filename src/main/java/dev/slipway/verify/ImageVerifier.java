package dev.slipway.verify;

import dev.slipway.attest.InTotoStatement;
import dev.slipway.attest.SigningKey;
import dev.slipway.attest.SigstoreBundle;
import dev.slipway.attest.VerificationSummary;
import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.core.Platform;
import dev.slipway.core.RegistryException;
import dev.slipway.core.SlipwayException;
import dev.slipway.core.Trees;
import dev.slipway.core.UsageException;
import dev.slipway.image.Descriptor;
import dev.slipway.image.Referrer;
import dev.slipway.plan.VcsInfo;
import dev.slipway.publish.ReferrerPush;
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
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code slipway verify IMAGE}: the image's provenance, a rebuild of it from {@code checkout} with
 * every cache off, and the comparison. The checkout must be at the commit the provenance names
 * (when it names one): a rebuild of other sources proves nothing.
 */
public final class ImageVerifier {
  /**
   * What verification found.
   *
   * @param summary the verification summary attached to the image, when one was asked for and the
   *     image was reproduced: its manifest's digest
   */
  public record Result(
      Digest original,
      Digest rebuilt,
      Optional<String> commit,
      boolean signatureChecked,
      Optional<String> difference,
      Optional<Digest> summary) {
    public boolean reproduced() {
      return difference.isEmpty();
    }
  }

  /**
   * A verification summary to attach to a reproduced image ({@link VerificationSummary}), signed
   * with {@code key} when there is one.
   *
   * @param verifierId who verified: {@code SLIPWAY_VERIFIER_ID}, else Slipway's own id
   */
  public record Attach(Optional<SigningKey> key, String verifierId, String version) {
    public static final String VERIFIER_ENV = "SLIPWAY_VERIFIER_ID";
    public static final String DEFAULT_VERIFIER = "https://slipway.dev/verifier/v1";

    /**
     * With the key in {@code keyFile} (its password in {@code SLIPWAY_SIGN_KEY_PASSWORD}), if any,
     * and the verifier named by the environment.
     */
    public static Attach of(Optional<Path> keyFile, Map<String, String> environment)
        throws UsageException, IOException {
      Optional<SigningKey> key = Optional.empty();
      if (keyFile.isPresent()) {
        key =
            Optional.of(
                SigningKey.load(
                    keyFile.get(), environment.get(SigningKey.PASSWORD_ENV), "--sign-key"));
      }
      String id = environment.getOrDefault(VERIFIER_ENV, "");
      String version = ImageVerifier.class.getPackage().getImplementationVersion();
      return new Attach(
          key, id.isBlank() ? DEFAULT_VERIFIER : id, version == null ? "dev" : version);
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
      Optional<Attach> attach,
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
          .verify(image, checkout, key, attach, scratch);
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
   * @param attach when given, a reproduced image gets a verification summary
   * @param scratch an empty directory for the rebuild's caches, layout and downloads
   */
  public Result verify(
      ImageReference image,
      Path checkout,
      Optional<PublicKey> key,
      Optional<Attach> attach,
      Path scratch)
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
    Optional<Digest> summary = Optional.empty();
    if (difference.isEmpty() && attach.isPresent()) {
      summary = Optional.of(attachSummary(image, root, provenance, attach.get()));
    }
    return new Result(root, rebuilt, commit, provenance.signatureChecked(), difference, summary);
  }

  /** Pushes the summary as a referrer of the image; its manifest's digest. */
  private Digest attachSummary(
      ImageReference image, Digest root, Provenance provenance, Attach attach)
      throws RegistryException, IOException {
    ImageReference at = image.withDigest(root);
    ManifestDescriptor head =
        registry
            .headManifest(at)
            .orElseThrow(() -> new RegistryException("image " + at + " not found"));
    Instant now = Instant.now();
    byte[] statement =
        VerificationSummary.statement(
            List.of(new InTotoStatement.Subject(image.name(), root)),
            attach.verifierId(),
            attach.version(),
            now,
            "oci://" + at,
            "oci://" + image.withDigest(provenance.manifest()),
            provenance.manifest());
    Referrer referrer =
        SigstoreBundle.referrer(
            Descriptor.of(head.mediaType(), root, head.size()),
            statement,
            VerificationSummary.PREDICATE_TYPE,
            attach.key(),
            now);
    new ReferrerPush(registry).push(image, referrer);
    return referrer.manifest().digest();
  }
}
