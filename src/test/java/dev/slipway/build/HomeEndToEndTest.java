package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GoModules;
import dev.slipway.testing.RegistryServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code $HOME} is where Slipway looks, as go and docker do, not the password database's home
 * (Java's {@code user.home}), which CI systems and containers do not keep in step with it.
 */
@Tag("integration")
class HomeEndToEndTest {
  @TempDir Path tmp;

  /** The environment of a CI job whose HOME is its own directory, and nothing else says where. */
  private Slipway withHome(Path home) {
    Slipway slipway = new Slipway(tmp.resolve("unused"));
    for (String name :
        new String[] {
          "SLIPWAY_CACHE_DIR",
          "XDG_CACHE_HOME",
          "DOCKER_CONFIG",
          "REGISTRY_AUTH_FILE",
          "XDG_RUNTIME_DIR"
        }) {
      slipway.unset(name);
    }
    // go's own cache would move with HOME too; the private warm one keeps the test quick.
    return slipway.env("HOME", home.toString()).env("GOPATH", tmp.resolve("gopath").toString());
  }

  @Test
  void theCacheAndTheDockerConfigAreFoundUnderHomeForAPushWithBasicAuth() throws Exception {
    Path home = tmp.resolve("home");
    String password = "home-" + Long.toHexString(System.nanoTime());
    String auth =
        Base64.getEncoder().encodeToString(("ci:" + password).getBytes(StandardCharsets.UTF_8));
    try (RegistryServer registry = RegistryServer.startWithHtpasswd("ci", password)) {
      Files.createDirectories(home.resolve(".docker"));
      Files.writeString(
          home.resolve(".docker/config.json"),
          "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");
      Path module = GoModules.service(tmp.resolve("svc"), "svc");
      String repo = registry.host() + "/home/app";

      Slipway.Run run =
          withHome(home)
              .build(tmp.resolve("s.json"), "-C", module.toString(), "--push", repo, "./cmd/svc");

      assertThat(run.code()).as(run.err()).isZero();
      assertThat(run.out()).contains(repo + "@" + run.digest(0));
      assertThat(run.err()).doesNotContain(password).doesNotContain(auth);
      assertThat(home.resolve(".cache/slipway/records")).isDirectoryContaining("glob:**.json");
      assertThat(home.resolve(".cache/slipway/layers")).isDirectory();
    }
  }
}
