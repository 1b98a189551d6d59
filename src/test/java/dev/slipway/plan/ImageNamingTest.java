package dev.slipway.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.UsageException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageNamingTest {
  private static final String PATH = "github.com/Example/Shop/cmd/api";

  @Test
  void eachModeNamesTheRepositoryAsKoDoes() {
    // ko lowercases the import path, then md5("github.com/example/shop/cmd/api").
    assertThat(ImageNaming.KO_MD5.repository("team", "api", PATH, 1))
        .isEqualTo("team/api-f793cd0b23474a90998fde466dc94671");
    assertThat(ImageNaming.BASE_IMPORT_PATHS.repository("team", "api", PATH, 2))
        .isEqualTo("team/api");
    assertThat(ImageNaming.PRESERVE_IMPORT_PATHS.repository("team", "api", PATH, 2))
        .isEqualTo("team/github.com/example/shop/cmd/api");
    assertThat(ImageNaming.BARE.repository("team", "api", PATH, 2)).isEqualTo("team");
    assertThat(ImageNaming.SLIPWAY.repository("team", "api", PATH, 1)).isEqualTo("team");
    assertThat(ImageNaming.SLIPWAY.repository("team", "api", PATH, 2)).isEqualTo("team/api");
  }

  @Test
  void koDockerRepoBringsKosDefaultNamingAndSlipwaysOwnVariablesDoNot() throws Exception {
    assertThat(RequestChecks.naming(List.of(), "KO_DOCKER_REPO")).isEqualTo(ImageNaming.KO_MD5);
    assertThat(RequestChecks.naming(List.of(), "SLIPWAY_REPO")).isEqualTo(ImageNaming.SLIPWAY);
    assertThat(RequestChecks.naming(List.of(), "--push")).isEqualTo(ImageNaming.SLIPWAY);
    assertThat(RequestChecks.naming(List.of("bare"), "KO_DOCKER_REPO")).isEqualTo(ImageNaming.BARE);
    assertThat(RequestChecks.pushSource(null, Map.of("KO_DOCKER_REPO", "r/x")))
        .isEqualTo("KO_DOCKER_REPO");
    assertThat(
            RequestChecks.pushSource(null, Map.of("KO_DOCKER_REPO", "r/x", "SLIPWAY_REPO", "r/y")))
        .isEqualTo("SLIPWAY_REPO");
    assertThat(RequestChecks.pushTarget(null, Map.of("KO_DOCKER_REPO", "localhost:5000/ko")))
        .map(r -> r.name())
        .contains("localhost:5000/ko");
  }

  @Test
  void twoModesOrALocalDaemonAreBadInput() {
    assertThatThrownBy(() -> RequestChecks.naming(List.of("bare", "base-import-paths"), "--push"))
        .isInstanceOf(UsageException.class)
        .hasMessage("--bare and --base-import-paths: give at most one naming mode");
    assertThatThrownBy(() -> RequestChecks.pushTarget(null, Map.of("KO_DOCKER_REPO", "ko.local")))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("KO_DOCKER_REPO=ko.local: Slipway loads no Docker daemon");
  }
}
