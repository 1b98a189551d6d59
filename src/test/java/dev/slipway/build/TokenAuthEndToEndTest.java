package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GoModules;
import dev.slipway.testing.ImageTools;
import dev.slipway.testing.RegistryServer;
import dev.slipway.testing.TokenServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code build --push} from the CLI to a registry with bearer-token auth. */
@Tag("integration")
class TokenAuthEndToEndTest {
  private static final String USER = "ci";
  private static final String PASSWORD = "e2e-t0ken-Pa55word";

  @TempDir Path tmp;

  @Test
  void buildPushWithDockerConfigCredentialsGoesThroughTheTokenServerAndSkopeoSeesTheImage()
      throws Exception {
    try (TokenServer tokens =
            TokenServer.start(Files.createDirectory(tmp.resolve("keys")), USER, PASSWORD);
        RegistryServer registry = RegistryServer.startWithTokenAuth(tokens)) {
      Path module = GoModules.service(tmp.resolve("svc"), "svc");
      String repo = registry.host() + "/e2e/token";
      Path config = tmp.resolve("docker");
      Files.createDirectories(config);
      String auth =
          Base64.getEncoder()
              .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
      Files.writeString(
          config.resolve("config.json"),
          "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");

      var run =
          new Slipway(tmp.resolve("cache"))
              .env("DOCKER_CONFIG", config.toString())
              .build(tmp.resolve("s.json"), "-C", module.toString(), "--push", repo, "./cmd/svc")
              .ok();

      String inspected =
          ImageTools.run(
                  null,
                  "skopeo",
                  "inspect",
                  "--tls-verify=false",
                  "--creds",
                  USER + ":" + PASSWORD,
                  "docker://" + repo + ":latest")
              .orFail("skopeo inspect with credentials")
              .output();
      assertThat(inspected).contains("\"Digest\": \"" + run.digest(0) + "\"");
      assertThat(tokens.requests())
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.user()).contains(USER));
      assertThat(tokens.requests().stream().flatMap(r -> r.scopes().stream()))
          .contains("repository:e2e/token:pull,push");
      assertThat(registry.countRequests("PUT", "/v2/e2e/token/manifests/")).isPositive();
      assertThat(run.out() + run.err()).doesNotContain(PASSWORD).doesNotContain(auth);
    }
  }
}
