package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testing.Git;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.GoShop;
import dev.slipway.testing.GoTestTools;
import dev.slipway.testing.ImageTools;
import dev.slipway.testing.RegistryServer;
import dev.slipway.testing.SigningKeys;
import dev.slipway.testing.TestEnvironment;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway verify}: an image pushed with provenance is rebuilt from its commit with every
 * cache off and found the same; a checkout whose sources differ from the commit is named down to
 * the file; other sources, no provenance or the wrong key are bad input.
 */
@Tag("integration")
class VerifyEndToEndTest {
  @TempDir Path tmp;

  @Test
  void anImageIsReproducedFromItsCommitAndADifferentSourceIsNamedDownToTheFile() throws Exception {
    GoShop shop = GoShop.write(tmp.resolve("shop"));
    Path repo = shop.dir().getParent();
    String commit = Git.init(repo, tmp.resolve("git-env"));
    SigningKeys.Pair keys = SigningKeys.generate(tmp, "key.pem");
    try (RegistryServer registry = RegistryServer.start()) {
      String image = registry.host() + "/team/checkout:v1";
      slipway(shop, "cache")
          .run(
              "build",
              "-C",
              shop.dir().toString(),
              "--push",
              image,
              "--platform",
              "linux/amd64,linux/arm64",
              "--ldflags",
              "-X main.version=1.2.3",
              "--provenance",
              "--sign-key",
              keys.key().toString(),
              "./cmd/checkout")
          .ok();

      // A fresh clone and a cache of its own: none of the first build's work, only the commit.
      Path clone = tmp.resolve("clone");
      git(tmp, "clone", "-q", repo.toString(), clone.toString());
      Slipway fresh = slipway(shop, "other-cache");
      String checkout = clone.resolve("shop").toString();
      Slipway.Run verified =
          fresh.run(
              "verify",
              image,
              "-C",
              checkout,
              "--key",
              keys.pub().toString(),
              "--attest",
              "--sign-key",
              keys.key().toString());
      assertThat(verified.code()).as(verified.err() + verified.out()).isZero();
      assertThat(verified.out())
          .startsWith("reproduced: " + registry.host() + "/team/checkout@sha256:")
          .contains("from commit " + commit)
          .contains("provenance signature verified")
          .contains(
              "attached a verification summary: " + registry.host() + "/team/checkout@sha256:")
          .contains("(signed)");
      assertThat(verified.err()).doesNotContain("has changes not committed");
      // The real cosign checks the summary's signature and reads it back.
      TestEnvironment.Result vsa =
          GoTestTools.cosign(
              java.nio.file.Files.createDirectories(tmp.resolve("cosign")),
              "verify-attestation",
              "--insecure-ignore-tlog",
              "--allow-http-registry",
              "--key",
              keys.pub().toString(),
              "--type",
              "https://slsa.dev/verification_summary/v1",
              image);
      assertThat(vsa.code()).as(vsa.output()).isZero();
      JsonNode predicate = statement(vsa.output()).path("predicate");
      assertThat(predicate.path("verificationResult").asText()).isEqualTo("PASSED");
      assertThat(predicate.path("verifiedLevels").toString()).contains("SLIPWAY_REPRODUCED");
      assertThat(predicate.path("resourceUri").asText())
          .isEqualTo("oci://" + verified.out().lines().findFirst().orElseThrow().split(" ")[1]);
      assertThat(predicate.path("inputAttestations").path(0).path("uri").asText())
          .startsWith("oci://" + registry.host() + "/team/checkout@sha256:");

      // The same commit with an edited source: not the image that was pushed.
      GoModules.write(
          clone.resolve("platform/greet/greet.go"), "package greet\n\nconst Hello = \"hallo\"\n");
      Slipway.Run differs = fresh.run("verify", image, "-C", checkout);
      assertThat(differs.code()).as(differs.err() + differs.out()).isEqualTo(1);
      assertThat(differs.out())
          .contains("not reproduced")
          .contains("linux/amd64: layer 2 of 2 differs")
          .contains("/app/checkout (content)");
      assertThat(differs.err()).contains("has changes not committed");

      // Another commit is not a rebuild of this image.
      git(clone, "commit", "-qam", "hallo");
      Slipway.Run other = fresh.run("verify", image, "-C", checkout);
      assertThat(other.code()).isEqualTo(2);
      assertThat(other.err()).contains("the image was built from commit " + commit);

      // Provenance must be signed by the key given.
      Path otherPub = SigningKeys.generate(tmp, "other.pem").pub();
      Slipway.Run wrongKey =
          fresh.run("verify", image, "-C", shop.dir().toString(), "--key", otherPub.toString());
      assertThat(wrongKey.code()).isEqualTo(2);
      assertThat(wrongKey.err()).contains("no provenance it has is signed by the key given");
    }
  }

  @Test
  void aPulledBaseIsTakenAsTheBuildReadItEvenAfterItsTagMoved() throws Exception {
    Path module = GoModules.service(tmp.resolve("svc"), "api");
    Git.init(module, tmp.resolve("git-env"));
    try (RegistryServer registry = RegistryServer.start()) {
      String base = registry.host() + "/bases/tools:1";
      pushBase(base, "first");
      String image = registry.host() + "/e2e/on-base:v1";
      new Slipway(tmp.resolve("cache"))
          .run(
              "build",
              "-C",
              module.toString(),
              "--base",
              base,
              "--push",
              image,
              "--provenance",
              "./cmd/api")
          .ok();
      pushBase(base, "second"); // the tag moves on
      Slipway.Run verified =
          new Slipway(tmp.resolve("other-cache")).run("verify", image, "-C", module.toString());
      assertThat(verified.code()).as(verified.err() + verified.out()).isZero();
      assertThat(verified.out()).startsWith("reproduced: ");
    }
  }

  @Test
  void anImageWithoutProvenanceIsBadInputThatSaysHowToGetOne() {
    Path module = GoModules.service(tmp.resolve("svc"), "api");
    Slipway slipway = new Slipway(tmp.resolve("cache"));
    try (RegistryServer registry = RegistryServer.start()) {
      String image = registry.host() + "/e2e/plain:v1";
      slipway.run("build", "-C", module.toString(), "--push", image, "./cmd/api").ok();
      Slipway.Run verify = slipway.run("verify", image, "-C", module.toString());
      assertThat(verify.code()).isEqualTo(2);
      assertThat(verify.err()).contains("build it with --provenance");
    }
  }

  private Slipway slipway(GoShop shop, String cache) {
    return new Slipway(tmp.resolve(cache))
        .env("GOPROXY", shop.env().get("GOPROXY"))
        .env("GOFLAGS", "-modcacherw");
  }

  /** The in-toto statement of the first DSSE envelope cosign printed. */
  private static JsonNode statement(String output) throws Exception {
    for (String line : output.split("\n")) {
      if (line.startsWith("{\"payload")) {
        String payload = new ObjectMapper().readTree(line).path("payload").asText();
        return new ObjectMapper().readTree(java.util.Base64.getDecoder().decode(payload));
      }
    }
    throw new AssertionError("no envelope in cosign's output:\n" + output);
  }

  private void pushBase(String ref, String marker) {
    ImageTools.pushBase(tmp.resolve("base-" + marker), ref, marker);
  }

  private String git(Path dir, String... args) {
    return Git.run(dir, tmp.resolve("git-env"), args);
  }
}
