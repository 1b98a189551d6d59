package dev.slipway.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.Platform;
import dev.slipway.core.UsageException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuildPlatformsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "linux/amd64",
        "linux/amd64/v1",
        "linux/amd64/v4",
        "linux/arm64",
        "linux/arm64/v8",
        "linux/arm64/v8.0",
        "linux/arm64/v8.9",
        "linux/arm64/v9",
        "linux/arm64/v9.5",
        "linux/arm/v5",
        "linux/arm/v7",
        "linux/arm/v8",
        "linux/riscv64",
        "linux/386"
      })
  void variantsTheOciSpecAndContainerdKnowAreAccepted(String text) throws Exception {
    assertThat(BuildPlatforms.parse("--platform", text)).containsExactly(Platform.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "linux/amd64/v9",
        "linux/amd64/v0",
        "linux/arm64/v7",
        "linux/arm64/v8.10",
        "linux/arm64/v9.6",
        "linux/arm/v4",
        "linux/arm/v9",
        "linux/riscv64/v1",
        "linux/386/v2"
      })
  void unknownVariantsAreUsageErrorsNamingTheFlagAndThePlatform(String text) {
    assertThatThrownBy(() -> BuildPlatforms.parse("--platform", text))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--platform " + text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"linux/amd64,linux/amd64/v9", "linux/arm64/v8.2,windows/amd64"})
  void oneBadEntryFailsTheWholeList(String text) {
    assertThatThrownBy(() -> BuildPlatforms.parse("--platform", text))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--platform");
  }
}
