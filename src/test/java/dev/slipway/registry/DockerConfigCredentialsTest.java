package dev.slipway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.RegistryException;
import dev.slipway.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigCredentialsTest {
  @TempDir Path dir;

  private DockerConfigCredentials source(String... jsons) throws Exception {
    Path[] files = new Path[jsons.length];
    for (int i = 0; i < jsons.length; i++) {
      files[i] = dir.resolve("config" + i + ".json");
      Files.writeString(files[i], jsons[i]);
    }
    return new DockerConfigCredentials(List.of(files), "");
  }

  @Test
  void base64AuthEntryGivesUserAndPassword() throws Exception {
    // "ci:pa:ss" - the password may itself contain colons
    DockerConfigCredentials credentials =
        source("{\"auths\":{\"registry.example:5000\":{\"auth\":\"Y2k6cGE6c3M=\"}}}");
    assertThat(credentials.lookup("registry.example:5000")).contains(new Credential("ci", "pa:ss"));
    assertThat(credentials.lookup("other.example")).isEmpty();
  }

  @Test
  void dockerHubKeyMatchesAllItsNames() throws Exception {
    DockerConfigCredentials credentials =
        source(
            "{\"auths\":{\"https://index.docker.io/v1/\":{\"username\":\"u\",\"password\":\"p\"}}}");
    assertThat(credentials.lookup("docker.io")).contains(new Credential("u", "p"));
    assertThat(credentials.lookup("registry-1.docker.io")).contains(new Credential("u", "p"));
  }

  @Test
  void identityTokenAndSchemePrefixedKeysAreUnderstood() throws Exception {
    DockerConfigCredentials credentials =
        source(
            "{\"auths\":{\"https://ghcr.io/v2/\":{\"auth\":\"\",\"identitytoken\":\"refresh-1\"}}}");
    assertThat(credentials.lookup("ghcr.io")).contains(Credential.identityToken("refresh-1"));
  }

  @Test
  void firstFileWithAnEntryWins() throws Exception {
    DockerConfigCredentials credentials =
        source(
            "{\"auths\":{\"a.example\":{\"username\":\"first\",\"password\":\"1\"}}}",
            "{\"auths\":{\"a.example\":{\"username\":\"second\",\"password\":\"2\"},"
                + "\"b.example\":{\"username\":\"b\",\"password\":\"3\"}}}");
    assertThat(credentials.lookup("a.example")).contains(new Credential("first", "1"));
    assertThat(credentials.lookup("b.example")).contains(new Credential("b", "3"));
  }

  @Test
  void missingFilesMeanAnonymous() throws Exception {
    DockerConfigCredentials credentials =
        new DockerConfigCredentials(List.of(dir.resolve("absent.json")), "");
    assertThat(credentials.lookup("ghcr.io")).isEmpty();
  }

  @Test
  void malformedConfigIsBadInputNamingTheFileButNotItsContent() throws Exception {
    DockerConfigCredentials credentials = source("{\"auths\": {\"x\": {\"auth\": \"c2VjcmV0\"");
    Path file = dir.resolve("config0.json");
    assertThatThrownBy(credentials::verify)
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(file.toString())
        .hasMessageNotContaining("c2VjcmV0");
    assertThatThrownBy(() -> credentials.lookup("x"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void configFilesFollowTheEnvironment() {
    java.util.Optional<Path> home = java.util.Optional.of(Path.of("/home/me"));
    assertThat(DockerConfigCredentials.configFiles(Map.of(), home))
        .containsExactly(Path.of("/home/me/.docker/config.json"));
    assertThat(
            DockerConfigCredentials.configFiles(
                Map.of(
                    "DOCKER_CONFIG", "/etc/dc",
                    "REGISTRY_AUTH_FILE", "/run/auth.json",
                    "XDG_RUNTIME_DIR", "/run/user/1000"),
                home))
        .containsExactly(
            Path.of("/run/auth.json"),
            Path.of("/etc/dc/config.json"),
            Path.of("/run/user/1000/containers/auth.json"));
    // Without HOME there is no ~/.docker to read, rather than one under Java's user.home.
    assertThat(DockerConfigCredentials.configFiles(Map.of(), java.util.Optional.empty())).isEmpty();
  }
}
