package dev.slipway.build;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.FaultProxy;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.ImageTools;
import dev.slipway.testing.RegistryServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushes through injected faults and to a registry with htpasswd auth, from the CLI. */
@Tag("integration")
class PushFaultsEndToEndTest {
  @TempDir Path tmp;

  @Test
  void pushSurvives503And429AndAResetMidUploadAndTheImageValidates() throws Exception {
    try (RegistryServer registry = RegistryServer.start();
        FaultProxy proxy = FaultProxy.start(registry.host())) {
      proxy
          .respond(2, "POST", ".*/blobs/uploads/.*", 503)
          .respond(1, "HEAD", ".*/blobs/sha256:.*", 429, "Retry-After: 1")
          .resetDuringBody(1, "PUT", ".*/blobs/uploads/.*", 4096);
      Path module = GoModules.service(tmp.resolve("svc"), "svc");
      String repo = proxy.host() + "/e2e/faulty";
      var run =
          new Slipway(tmp.resolve("cache"))
              .build(tmp.resolve("s.json"), "-C", module.toString(), "--push", repo, "./cmd/svc")
              .ok();
      assertThat(proxy.faultsFired()).hasSize(4);

      // Validate against the registry itself, not through the proxy.
      Path layout = tmp.resolve("pulled");
      ImageTools.pull(registry.host() + "/e2e/faulty@" + run.digest(0), layout, "t");
      Path rootfs = ImageTools.unpack(layout, "t", tmp.resolve("bundle"));
      assertThat(ImageTools.runAsNonroot(rootfs, "/app/svc")).startsWith("hello from svc");
    }
  }

  @Test
  void pushWithDockerConfigCredentialsWorksAndABadPasswordIsARejectedLoginThatNeverLeaks()
      throws Exception {
    String password = "s3cret-Pa55word";
    try (RegistryServer registry = RegistryServer.startWithHtpasswd("ci", password)) {
      Path module = GoModules.service(tmp.resolve("svc"), "svc");
      String repo = registry.host() + "/e2e/auth";

      Path good = dockerConfig(tmp.resolve("good"), registry.host(), "ci", password);
      var ok =
          new Slipway(tmp.resolve("cache"))
              .env("DOCKER_CONFIG", good.toString())
              .build(tmp.resolve("ok.json"), "-C", module.toString(), "--push", repo, "./cmd/svc")
              .ok();
      String raw =
          ImageTools.run(
                  null,
                  "skopeo",
                  "inspect",
                  "--tls-verify=false",
                  "--creds",
                  "ci:" + password,
                  "--raw",
                  "docker://" + repo + ":latest")
              .orFail("skopeo inspect with credentials")
              .output();
      assertThat(raw).contains("application/vnd.oci.image.manifest.v1+json");
      assertThat(ok.out() + ok.err()).doesNotContain(password);

      String wrong = "wrong-Pa55word-123";
      Path bad = dockerConfig(tmp.resolve("bad"), registry.host(), "ci", wrong);
      GoModules.changeGreeting(module, "v2");
      var rejected =
          new Slipway(tmp.resolve("cache"))
              .env("DOCKER_CONFIG", bad.toString())
              .build(tmp.resolve("bad.json"), "-C", module.toString(), "--push", repo, "./cmd/svc");
      assertThat(rejected.code()).isEqualTo(4);
      assertThat(rejected.err()).containsIgnoringCase("authentication").contains(registry.host());
      assertThat(rejected.out() + rejected.err())
          .doesNotContain(wrong)
          .doesNotContain(Base64.getEncoder().encodeToString(("ci:" + wrong).getBytes(UTF_8)));
    }
  }

  @Test
  void aMalformedCredentialsFileIsBadInputNamingTheFile() throws Exception {
    try (RegistryServer registry = RegistryServer.startWithHtpasswd("ci", "pw-123456")) {
      Path module = GoModules.service(tmp.resolve("svc"), "svc");
      Path config = tmp.resolve("broken");
      Files.createDirectories(config);
      Files.writeString(config.resolve("config.json"), "{\"auths\": {");
      var run =
          new Slipway(tmp.resolve("cache"))
              .env("DOCKER_CONFIG", config.toString())
              .build(
                  tmp.resolve("s.json"),
                  "-C",
                  module.toString(),
                  "--push",
                  registry.host() + "/e2e/broken",
                  "./cmd/svc");
      assertThat(run.code()).isEqualTo(2);
      assertThat(run.err()).contains(config.resolve("config.json").toString());
      assertThat(registry.countRequests("PUT", "/v2/e2e/broken/manifests/")).isZero();
    }
  }

  private static Path dockerConfig(Path dir, String host, String user, String password)
      throws Exception {
    Files.createDirectories(dir);
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    Files.writeString(
        dir.resolve("config.json"), "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}");
    return dir;
  }
}
