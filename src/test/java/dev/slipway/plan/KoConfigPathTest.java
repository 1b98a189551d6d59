package dev.slipway.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.config.KoConfig;
import dev.slipway.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where ko's configuration is read from: KO_CONFIG_PATH (a file or its directory), else ./.ko.yaml.
 */
class KoConfigPathTest {
  @TempDir Path dir;

  private static String base(KoConfig ko) {
    return ko.defaultBaseImage().orElseThrow().value();
  }

  @Test
  void koConfigPathNamesAFileOrADirectoryAndWinsOverTheWorkingDirectorysFile() throws Exception {
    Files.writeString(dir.resolve(".ko.yaml"), "defaultBaseImage: registry.example/here:1\n");
    Files.createDirectories(dir.resolve("ci"));
    Files.writeString(dir.resolve("ci/.ko.yaml"), "defaultBaseImage: registry.example/dir:1\n");
    Files.writeString(
        dir.resolve("ci/ko-release.yaml"), "defaultBaseImage: registry.example/file:1\n");

    assertThat(base(Requests.koConfig(dir, Map.of()))).isEqualTo("registry.example/here:1");
    assertThat(base(Requests.koConfig(dir, Map.of("KO_CONFIG_PATH", "ci"))))
        .isEqualTo("registry.example/dir:1");
    assertThat(base(Requests.koConfig(dir, Map.of("KO_CONFIG_PATH", "ci/ko-release.yaml"))))
        .isEqualTo("registry.example/file:1");
  }

  @Test
  void noFileIsNoConfigurationButANamedFileThatIsNotThereIsBadInput() throws Exception {
    assertThat(Requests.koConfig(dir, Map.of()).isEmpty()).isTrue();
    assertThatThrownBy(() -> Requests.koConfig(dir, Map.of("KO_CONFIG_PATH", "missing.yaml")))
        .isInstanceOf(UsageException.class)
        .hasMessage("KO_CONFIG_PATH=missing.yaml: no such file");
  }
}
