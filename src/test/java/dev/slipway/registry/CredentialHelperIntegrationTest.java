package dev.slipway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.RegistryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs fake {@code docker-credential-*} scripts, so it starts processes: integration. */
@Tag("integration")
class CredentialHelperIntegrationTest {
  @TempDir Path dir;

  private void helper(String name, String script) throws Exception {
    Path file = dir.resolve("docker-credential-" + name);
    Files.writeString(file, "#!/bin/sh\n" + script);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
  }

  private DockerConfigCredentials source(String json) throws Exception {
    Path config = dir.resolve("config.json");
    Files.writeString(config, json);
    return new DockerConfigCredentials(List.of(config), dir.toString());
  }

  @Test
  void credHelperForTheHostIsAskedWithTheServerUrlOnStdin() throws Exception {
    helper(
        "fake",
        """
        read url
        [ "$1" = get ] || exit 3
        printf '{"ServerURL":"%s","Username":"from-helper","Secret":"%s-pw"}' "$url" "$url"
        """);
    DockerConfigCredentials credentials =
        source(
            "{\"credHelpers\":{\"reg.example\":\"fake\"},"
                + "\"auths\":{\"reg.example\":{\"auth\":\"dTpw\"}}}");
    assertThat(credentials.lookup("reg.example"))
        .contains(new Credential("from-helper", "reg.example-pw"));
  }

  @Test
  void credsStoreNotFoundFallsBackToAuthsAndHubUsesTheIndexUrl() throws Exception {
    helper(
        "store",
        """
        read url
        if [ "$url" = https://index.docker.io/v1/ ]; then
          echo '{"Username":"hub","Secret":"hub-pw"}'; exit 0; fi
        echo 'credentials not found in native keychain'; exit 1
        """);
    DockerConfigCredentials credentials =
        source("{\"credsStore\":\"store\",\"auths\":{\"reg.example\":{\"auth\":\"dTpw\"}}}");
    assertThat(credentials.lookup("docker.io")).contains(new Credential("hub", "hub-pw"));
    assertThat(credentials.lookup("reg.example")).contains(new Credential("u", "p"));
  }

  @Test
  void failingOrMissingHelperIsARegistryErrorNamingIt() throws Exception {
    helper("broken", "echo 'keychain locked'; exit 2\n");
    assertThatThrownBy(() -> source("{\"credsStore\":\"broken\"}").lookup("reg.example"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("docker-credential-broken")
        .hasMessageContaining("keychain locked");
    assertThatThrownBy(() -> source("{\"credsStore\":\"absent\"}").lookup("reg.example"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("docker-credential-absent is not on PATH");
  }
}
