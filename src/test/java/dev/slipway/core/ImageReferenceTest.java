package dev.slipway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
  private static final String HEX = "0123456789abcdef".repeat(4);

  @Test
  void aBareNameIsAnOfficialDockerHubImage() {
    ImageReference ref = ImageReference.parse("alpine");
    assertThat(ref.registry()).isEqualTo("docker.io");
    assertThat(ref.repository()).isEqualTo("library/alpine");
    assertThat(ref.tag()).isNull();
    assertThat(ref.digest()).isNull();
    assertThat(ref.tagOrDefault()).isEqualTo("latest");
    assertThat(ref.manifestReference()).isEqualTo("latest");
    assertThat(ref.apiHost()).isEqualTo("registry-1.docker.io");
    assertThat(ref.toString()).isEqualTo("docker.io/library/alpine");
  }

  @Test
  void aNameWithAnOrganisationStaysOnDockerHubWithoutLibrary() {
    ImageReference ref = ImageReference.parse("bitnami/redis:7");
    assertThat(ref.registry()).isEqualTo("docker.io");
    assertThat(ref.repository()).isEqualTo("bitnami/redis");
    assertThat(ref.tag()).isEqualTo("7");
  }

  @Test
  void aHostWithAPortIsTheRegistry() {
    ImageReference ref = ImageReference.parse("localhost:5000/a/b:t");
    assertThat(ref.registry()).isEqualTo("localhost:5000");
    assertThat(ref.repository()).isEqualTo("a/b");
    assertThat(ref.tag()).isEqualTo("t");
    assertThat(ref.hostWithoutPort()).isEqualTo("localhost");
    assertThat(ref.isLoopback()).isTrue();
    assertThat(ref.apiHost()).isEqualTo("localhost:5000");
  }

  @Test
  void aDigestReferenceIsPinned() {
    ImageReference ref = ImageReference.parse("127.0.0.1:5000/x@sha256:" + HEX);
    assertThat(ref.registry()).isEqualTo("127.0.0.1:5000");
    assertThat(ref.repository()).isEqualTo("x");
    assertThat(ref.tag()).isNull();
    assertThat(ref.digest()).isEqualTo(Digest.parse("sha256:" + HEX));
    assertThat(ref.manifestReference()).isEqualTo("sha256:" + HEX);
    assertThat(ref.isLoopback()).isTrue();
  }

  @Test
  void tagAndDigestTogetherKeepBothAndTheDigestWins() {
    ImageReference ref = ImageReference.parse("ghcr.io/o/app:v1@sha256:" + HEX);
    assertThat(ref.tag()).isEqualTo("v1");
    assertThat(ref.digest().hex()).isEqualTo(HEX);
    assertThat(ref.manifestReference()).isEqualTo("sha256:" + HEX);
    assertThat(ref.toString()).isEqualTo("ghcr.io/o/app:v1@sha256:" + HEX);
  }

  @Test
  void anIpv6HostWithPortIsTheRegistryAndLoopback() {
    ImageReference ref = ImageReference.parse("[::1]:5000/x");
    assertThat(ref.registry()).isEqualTo("[::1]:5000");
    assertThat(ref.repository()).isEqualTo("x");
    assertThat(ref.tag()).isNull();
    assertThat(ref.hostWithoutPort()).isEqualTo("[::1]");
    assertThat(ref.isLoopback()).isTrue();
  }

  @Test
  void remoteHostsAreNotLoopback() {
    assertThat(ImageReference.parse("ghcr.io/o/app").isLoopback()).isFalse();
    assertThat(ImageReference.parse("10.0.0.1:5000/app").isLoopback()).isFalse();
    assertThat(ImageReference.parse("alpine").isLoopback()).isFalse();
  }

  @Test
  void withRepositoryKeepsRegistryTagAndDigest() {
    ImageReference ref = ImageReference.parse("localhost:5000/a:t");
    ImageReference moved = ref.withRepository("a/sub");
    assertThat(moved.registry()).isEqualTo("localhost:5000");
    assertThat(moved.repository()).isEqualTo("a/sub");
    assertThat(moved.tag()).isEqualTo("t");
    assertThat(moved.toString()).isEqualTo("localhost:5000/a/sub:t");
  }

  @Test
  void withRepositoryValidatesTheNewName() {
    ImageReference ref = ImageReference.parse("localhost:5000/a:t");
    assertThatThrownBy(() -> ref.withRepository("A")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withTagDropsTheDigestAndWithDigestDropsTheTag() {
    ImageReference ref = ImageReference.parse("localhost:5000/a:t@sha256:" + HEX);
    assertThat(ref.withTag("u").toString()).isEqualTo("localhost:5000/a:u");
    assertThat(ref.withDigest(Digest.parse("sha256:" + HEX)).toString())
        .isEqualTo("localhost:5000/a@sha256:" + HEX);
  }

  @Test
  void aTagOf128CharactersIsAccepted() {
    assertThat(ImageReference.parse("a:" + "t".repeat(128)).tag()).hasSize(128);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "UPPER/Case",
        "localhost:5000/App",
        "",
        "   ",
        " alpine",
        "alpine ",
        "my image",
        "a//b",
        "a/../b",
        "a/./b",
        "a/b/",
        "/a",
        "repo:",
        ":tag",
        "@",
        "repo@",
        "repo@sha256:abc",
        "repo@sha256:G000000000000000000000000000000000000000000000000000000000000000",
        "repo@notadigest",
        "repo:bad!tag",
        "repo:-leadingdash",
        "bad ref!",
        "-a",
        "a-",
        "a..b"
      })
  void malformedReferencesAreRejected(String text) {
    assertThatThrownBy(() -> ImageReference.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image reference");
  }

  @Test
  void aTagOver128CharactersIsRejectedNamingTheTag() {
    assertThatThrownBy(() -> ImageReference.parse("a:" + "t".repeat(129)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid tag");
  }

  @Test
  void aRepositoryNameOver255CharactersIsRejected() {
    String longName = "localhost:5000/" + "a".repeat(256);
    assertThatThrownBy(() -> ImageReference.parse(longName))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("repository name");
  }

  @Test
  void aRepositoryNameOf255CharactersIsAccepted() {
    String name = "a".repeat(100) + "/" + "b".repeat(154);
    assertThat(ImageReference.parse("localhost:5000/" + name).repository()).hasSize(255);
  }

  @Test
  void nullIsRejected() {
    assertThatThrownBy(() -> ImageReference.parse(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }
}
