package dev.slipway.cli;

import dev.slipway.core.ImageReference;
import dev.slipway.core.UsageException;
import dev.slipway.verify.ImageVerifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway verify IMAGE}: rebuilds the image from a checkout of its recorded source with
 * every cache off; exit 0 when the rebuild is the same image, 1 with the first differing layer and
 * file when it is not.
 */
@Command(
    name = "verify",
    description =
        "Rebuild an image from its SLSA provenance in a checkout of its source, with every cache"
            + " off, and compare: exit 0 if reproduced, 1 naming the first difference.",
    mixinStandardHelpOptions = true)
final class VerifyCommand implements Callable<Integer> {
  private final Invocation run;

  @Parameters(paramLabel = "IMAGE", description = "The image: repo:tag or repo@sha256:...")
  String image;

  @Option(
      names = "-C",
      paramLabel = "DIR",
      description = "The checkout of the image's source (default: the current directory).")
  Path chdir;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description = "Take only provenance signed by this PEM public key (cosign's key.pub).")
  Path key;

  @Option(
      names = "--attest",
      description =
          "When the image is reproduced, attach a SLSA verification summary to it as an OCI"
              + " referrer (signed with --sign-key).")
  boolean attest;

  @Option(
      names = "--sign-key",
      paramLabel = "FILE",
      description =
          "Sign the verification summary with this PEM EC P-256 key (or SLIPWAY_SIGN_KEY;"
              + " password in SLIPWAY_SIGN_KEY_PASSWORD).")
  String signKey;

  @Option(
      names = "--insecure-registry",
      paramLabel = "HOST",
      description = "Reach this registry over plain HTTP (repeatable).")
  List<String> insecure = new ArrayList<>();

  VerifyCommand(Invocation run) {
    this.run = run;
  }

  @Override
  public Integer call() throws Exception {
    ImageReference ref;
    try {
      ref = ImageReference.parse(image);
    } catch (IllegalArgumentException e) {
      throw new UsageException("verify " + image + ": " + e.getMessage(), e);
    }
    Optional<Path> signWith =
        Optional.ofNullable(signKey != null ? signKey : run.env().get(BuildOptions.SIGN_KEY_ENV))
            .filter(k -> !k.isBlank())
            .map(k -> run.paths().resolve(Path.of(k)));
    if (signWith.isPresent() && signKey != null && !attest) {
      throw new UsageException(
          "--sign-key signs the verification summary that --attest attaches: give --attest too");
    }
    Optional<ImageVerifier.Attach> attach =
        attest ? Optional.of(ImageVerifier.Attach.of(signWith, run.env())) : Optional.empty();
    ImageVerifier.Result result =
        ImageVerifier.run(
            ref,
            run.paths().workDir(chdir),
            Optional.ofNullable(key).map(k -> run.paths().resolve(k)),
            attach,
            Set.copyOf(insecure),
            run.env(),
            BuildOptions.hostPlatform(),
            run.err());
    String at = ref.withDigest(result.original()).toString();
    String source = result.commit().map(c -> " from commit " + c).orElse("");
    String signed = result.signatureChecked() ? " (provenance signature verified)" : "";
    if (result.reproduced()) {
      run.out().println("reproduced: " + at + source + signed);
      result
          .summary()
          .ifPresent(
              d ->
                  run.out()
                      .println(
                          "  attached a verification summary: "
                              + ref.withDigest(d)
                              + (signWith.isPresent() ? " (signed)" : "")));
      return 0;
    }
    run.out().println("not reproduced: " + at + source + signed);
    run.out().println("  rebuilt as " + result.rebuilt());
    run.out().println("  first difference: " + result.difference().get());
    return 1;
  }
}
