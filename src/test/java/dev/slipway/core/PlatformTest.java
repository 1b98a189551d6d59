package dev.slipway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTest {
  @Test
  void osAndArchitectureParse() {
    Platform p = Platform.parse("linux/amd64");
    assertThat(p).isEqualTo(Platform.of("linux", "amd64"));
    assertThat(p.variant()).isNull();
    assertThat(p.toString()).isEqualTo("linux/amd64");
  }

  @Test
  void aVariantParses() {
    Platform p = Platform.parse("linux/arm/v7");
    assertThat(p.os()).isEqualTo("linux");
    assertThat(p.architecture()).isEqualTo("arm");
    assertThat(p.variant()).isEqualTo("v7");
    assertThat(p.toString()).isEqualTo("linux/arm/v7");
  }

  @Test
  void aListDropsDuplicatesAndKeepsOrder() {
    assertThat(Platform.parseList("linux/arm64,linux/amd64,linux/arm64"))
        .containsExactly(Platform.of("linux", "arm64"), Platform.of("linux", "amd64"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"linux", "linux/", "/amd64", "a/b/c/d", "Linux/amd64", "linux/AMD64", "", "/"})
  void malformedPlatformsAreRejectedNamingTheInput(String text) {
    assertThatThrownBy(() -> Platform.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid platform '" + text + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"linux/amd64,", ",linux/amd64", "linux/amd64,,linux/arm64", ""})
  void aListWithAnEmptyEntryIsRejected(String text) {
    assertThatThrownBy(() -> Platform.parseList(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty entry");
  }

  @Test
  void armVariantsBecomeGoarm() {
    assertThat(Platform.parse("linux/arm/v7").goVariantEnv()).isEqualTo("GOARM=7");
    assertThat(Platform.parse("linux/arm/v6").goVariantEnv()).isEqualTo("GOARM=6");
  }

  @Test
  void amd64VariantsBecomeGoamd64() {
    assertThat(Platform.parse("linux/amd64/v3").goVariantEnv()).isEqualTo("GOAMD64=v3");
  }

  @Test
  void noVariantOrAnUnknownArchitectureGivesNoVariantSetting() {
    assertThat(Platform.parse("linux/amd64").goVariantEnv()).isNull();
    assertThat(Platform.parse("linux/arm64/v8").goVariantEnv()).isNull();
  }
}
