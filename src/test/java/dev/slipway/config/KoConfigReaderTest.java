package dev.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KoConfigReaderTest {
  @TempDir Path dir;

  private KoConfig read(String yaml) throws Exception {
    Path file = dir.resolve(".ko.yaml");
    Files.writeString(file, yaml);
    return KoConfigReader.read(file, ".ko.yaml");
  }

  private static List<String> values(Optional<List<Located<String>>> list) {
    return list.orElseThrow().stream().map(Located::value).toList();
  }

  @Test
  void readsEveryKeyKoDefines() throws Exception {
    KoConfig ko =
        read(
            """
            defaultBaseImage: registry.example/base/static:1
            baseImageOverrides:
              example.com/shop/cmd/api: registry.example/base/debug:1
            defaultPlatforms:
              - linux/arm64
              - linux/amd64
            defaultEnv: [GOPRIVATE=example.com]
            defaultFlags: [-v]
            defaultLdflags: [-s, -w]
            builds:
              - id: api
                dir: services/api
                main: ./cmd/api
                env: [GOEXPERIMENT=loopvar]
                flags: [-tags, netgo]
                ldflags:
                  - -X main.version={{.Env.VERSION}}
              - main: ./cmd/worker
            """);
    assertThat(ko.defaultBaseImage().orElseThrow().value())
        .isEqualTo("registry.example/base/static:1");
    assertThat(ko.baseImageOverrides().get("example.com/shop/cmd/api").value())
        .isEqualTo("registry.example/base/debug:1");
    assertThat(values(ko.defaultPlatforms())).containsExactly("linux/arm64", "linux/amd64");
    assertThat(values(ko.defaultEnv())).containsExactly("GOPRIVATE=example.com");
    assertThat(values(ko.defaultLdflags())).containsExactly("-s", "-w");
    assertThat(ko.builds()).hasSize(2);
    KoBuild api = ko.builds().get(0);
    assertThat(api.id()).isEqualTo("api");
    assertThat(api.dir().value()).isEqualTo("services/api");
    assertThat(api.main().value()).isEqualTo("./cmd/api");
    assertThat(values(api.flags())).containsExactly("-tags", "netgo");
    assertThat(values(api.ldflags())).containsExactly("-X main.version={{.Env.VERSION}}");
    assertThat(api.ldflags().orElseThrow().get(0).where().line()).isEqualTo(17);
    KoBuild worker = ko.builds().get(1);
    assertThat(worker.id()).isEqualTo("#1");
    assertThat(worker.dir().value()).isEqualTo(".");
    assertThat(worker.env()).isEmpty();
    assertThat(ko.ignored()).isEmpty();
  }

  @Test
  void scalarsAreReadAsKoReadsThem() throws Exception {
    KoConfig ko =
        read(
            """
            defaultplatforms: linux/arm64 linux/amd64
            defaultFlags: "-trimpath  -v"
            builds:
              - MAIN: ./cmd/api
                flags: -tags netgo
                ldflags: -s -w
            """);
    // The default lists and a build's flags are split at white space; a build's ldflags is one.
    assertThat(values(ko.defaultPlatforms())).containsExactly("linux/arm64", "linux/amd64");
    assertThat(values(ko.defaultFlags())).containsExactly("-trimpath", "-v");
    assertThat(ko.builds().get(0).main().value()).isEqualTo("./cmd/api");
    assertThat(values(ko.builds().get(0).flags())).containsExactly("-tags", "netgo");
    assertThat(values(ko.builds().get(0).ldflags())).containsExactly("-s -w");
  }

  @Test
  void keysKoIgnoresAreListedWithTheirPlaces() throws Exception {
    KoConfig ko =
        read(
            """
            defaultBaseImage: registry.example/base:1
            defaultBaseImag: typo.example/base:1
            builds:
              - main: ./cmd/api
                goos: [linux]
            """);
    assertThat(ko.ignored())
        .extracting(k -> k.value() + "@" + k.where())
        .containsExactlyInAnyOrder("defaultBaseImag@.ko.yaml:2:1", "goos@.ko.yaml:5:5");
  }

  @Test
  void badValuesNameTheirPlace() {
    assertThatThrownBy(() -> read("defaultBaseImage: 'Not A Reference!'\n"))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith(".ko.yaml:1:19: defaultBaseImage: ");
    assertThatThrownBy(() -> read("builds:\n  - main: .\n    env: [NOEQUALS]\n"))
        .hasMessageStartingWith(".ko.yaml:3:11: environment entry NOEQUALS: expected KEY=VALUE");
    assertThatThrownBy(() -> read("builds: {main: .}\n"))
        .hasMessageStartingWith(".ko.yaml:1:9: \"builds\" must be a list");
    assertThatThrownBy(() -> read("defaultBaseImage: a:1\nDefaultBaseImage: b:1\n"))
        .hasMessageContaining("is given twice");
    assertThatThrownBy(
            () -> read("builds:\n  - main: .\n    linux_capabilities: [cap_net_bind_service]\n"))
        .hasMessageStartingWith(".ko.yaml:3:25: linux_capabilities: Slipway cannot set");
    assertThatThrownBy(() -> read("builds: [\n"))
        .hasMessageStartingWith(".ko.yaml:")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void anEmptyFileIsNoConfiguration() throws Exception {
    assertThat(read("").isEmpty()).isTrue();
    assertThat(read("# nothing yet\n").isEmpty()).isTrue();
  }
}
