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

class ProjectConfigReaderTest {
  @TempDir Path dir;

  private ProjectConfig read(String yaml) throws Exception {
    Path file = dir.resolve("slipway.yaml");
    Files.writeString(file, yaml);
    return ProjectConfigReader.read(file, "slipway.yaml");
  }

  private static List<String> values(Optional<List<Located<String>>> list) {
    return list.orElseThrow().stream().map(Located::value).toList();
  }

  @Test
  void readsDefaultsAndEveryTargetKeyInTheOrderWritten() throws Exception {
    ProjectConfig config =
        read(
            """
            version: 1
            defaults:
              platforms: [linux/amd64, linux/arm64]
              build:
                env: {CGO_ENABLED: 0}
                flags: [-trimpath]
                ldflags: [-s, -w]
              user: 65532
            targets:
              productcatalog:
                main: ./src/productcatalogservice
                repository: registry.example/shop/catalog
                tags: [v1]
                base: scratch
                build:
                  tags: netgo
                files:
                  - from: src/productcatalogservice/products.json
                    to: /src/products.json
                    mode: 0644
                  - from: templates
                    to: /src/templates
                workdir: /src
                env:
                  PORT: 3550
                  EMPTY:
                entrypoint: [/app/productcatalog, --json-logs]
                args: ["--port", "3550"]
                ports: [3550, 9090/udp]
                labels: {team: shop}
                annotations:
                  org.opencontainers.image.description: the catalog
              frontend:
                main: ./src/frontend
            """);

    assertThat(config.targets().keySet()).containsExactly("productcatalog", "frontend");
    assertThat(values(config.defaults().platforms())).containsExactly("linux/amd64", "linux/arm64");
    assertThat(config.defaults().build().env().orElseThrow().get("CGO_ENABLED").value())
        .isEqualTo("0");
    assertThat(values(config.defaults().build().ldflags())).containsExactly("-s", "-w");
    assertThat(config.defaults().user().orElseThrow().value()).isEqualTo("65532");

    TargetConfig t = config.targets().get("productcatalog");
    assertThat(t.main().orElseThrow().value()).isEqualTo("./src/productcatalogservice");
    assertThat(t.main().orElseThrow().where()).isEqualTo(new Where("slipway.yaml", 11, 11));
    assertThat(t.repository().orElseThrow().value()).isEqualTo("registry.example/shop/catalog");
    assertThat(values(t.tags())).containsExactly("v1");
    assertThat(t.base().orElseThrow().value()).isEqualTo("scratch");
    assertThat(values(t.build().tags())).containsExactly("netgo");
    assertThat(t.files().orElseThrow())
        .containsExactly(
            new FileMapping(
                "src/productcatalogservice/products.json",
                "/src/products.json",
                Optional.of(0644),
                new Where("slipway.yaml", 18, 9)),
            new FileMapping(
                "templates", "/src/templates", Optional.empty(), new Where("slipway.yaml", 21, 9)));
    assertThat(t.workdir().orElseThrow().value()).isEqualTo("/src");
    assertThat(t.env().orElseThrow().keySet()).containsExactly("PORT", "EMPTY");
    assertThat(t.env().orElseThrow().get("EMPTY").value()).isEmpty();
    assertThat(values(t.entrypoint())).containsExactly("/app/productcatalog", "--json-logs");
    assertThat(values(t.args())).containsExactly("--port", "3550");
    assertThat(values(t.ports())).containsExactly("3550", "9090/udp");
    assertThat(t.labels().orElseThrow().get("team").value()).isEqualTo("shop");
    assertThat(t.annotations().orElseThrow()).containsKey("org.opencontainers.image.description");
    assertThat(config.targets().get("frontend").files()).isEmpty();
  }

  @Test
  void anEmptyFileMeansNoTargetsAndNoDefaults() throws Exception {
    ProjectConfig config = read("# nothing yet\n");
    assertThat(config.targets()).isEmpty();
    assertThat(config.defaults()).isEqualTo(TargetConfig.EMPTY);
  }

  @Test
  void anUnknownKeyIsNamedWithItsPlaceAndTheKeysAllowedThere() {
    assertThatThrownBy(() -> read("targets:\n  web:\n    main: .\n    workdirr: /srv\n"))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("slipway.yaml:4:5: unknown key \"workdirr\" in target \"web\"")
        .hasMessageContaining("workdir");
    assertThatThrownBy(() -> read("defaults:\n  build:\n    ldflag: [-s]\n"))
        .hasMessageStartingWith("slipway.yaml:3:5: unknown key \"ldflag\" in \"build\"");
    assertThatThrownBy(() -> read("target:\n  web: {main: .}\n"))
        .hasMessageStartingWith("slipway.yaml:1:1: unknown key \"target\" in the file");
  }

  @Test
  void aValueOfTheWrongTypeIsNamedWithItsPlace() {
    assertThatThrownBy(() -> read("targets:\n  web:\n    main: .\n    env: [A=1]\n"))
        .isInstanceOf(UsageException.class)
        .hasMessage("slipway.yaml:4:10: \"env\" must be a mapping of keys to values");
    assertThatThrownBy(() -> read("targets:\n  web:\n    main: .\n    workdir: {a: b}\n"))
        .hasMessage("slipway.yaml:4:14: \"workdir\" must be a single value, not a mapping");
    assertThatThrownBy(() -> read("targets:\n  web:\n    main: .\n    args: [[a]]\n"))
        .hasMessage("slipway.yaml:4:12: each item of \"args\" must be a single value, not a list");
    assertThatThrownBy(() -> read("targets: [web]\n"))
        .hasMessage("slipway.yaml:1:10: \"targets\" must be a mapping of keys to values");
  }

  @Test
  void badValuesAreNamedWithTheirPlace() {
    assertThatThrownBy(() -> read("targets:\n  Web:\n    main: .\n"))
        .hasMessageStartingWith("slipway.yaml:2:3: target name \"Web\" cannot be an image name");
    assertThatThrownBy(() -> read("targets:\n  web:\n    workdir: /srv\n"))
        .hasMessage("slipway.yaml:3:5: target \"web\" needs \"main\": its Go main package");
    assertThatThrownBy(() -> read("targets:\n  web:\n    main: ../other\n"))
        .hasMessageStartingWith("slipway.yaml:3:11: \"main\" ../other must be a path inside");
    assertThatThrownBy(
            () -> read("targets:\n  web:\n    main: .\n    files:\n      - {from: a, to: srv/a}\n"))
        .hasMessageStartingWith("slipway.yaml:5:23: \"to\" srv/a must be an absolute path");
    assertThatThrownBy(
            () ->
                read(
                    "targets:\n  web:\n    main: .\n    files:\n      - {from: a, to: /a, mode: 0999}\n"))
        .hasMessage("slipway.yaml:5:33: mode 0999: expected octal, such as 0644");
    assertThatThrownBy(() -> read("targets:\n  web:\n    main: .\n    ports: [70000]\n"))
        .hasMessageStartingWith("slipway.yaml:4:13: port 70000: expected 1-65535");
    assertThatThrownBy(() -> read("targets:\n  web:\n    main: .\n    base: 'UPPER:x'\n"))
        .hasMessageStartingWith("slipway.yaml:4:11: base: ");
    assertThatThrownBy(() -> read("version: 2\n"))
        .hasMessage("slipway.yaml:1:10: version 2 is not known; use 1");
  }

  @Test
  void aKeyGivenTwiceAndMalformedYamlAreNamedWithTheirPlace() {
    assertThatThrownBy(() -> read("targets:\n  web:\n    main: .\n    main: ./cmd\n"))
        .hasMessage("slipway.yaml:4:5: \"main\" is given twice (first at slipway.yaml:3:5)");
    assertThatThrownBy(() -> read("targets:\n  web:\n    main: [.\n"))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("slipway.yaml:4:1: not valid YAML");
  }

  @Test
  void fileModesAreOctalHoweverYamlWouldReadTheNumber() throws Exception {
    ProjectConfig config =
        read(
            """
            targets:
              web:
                main: .
                files:
                  - {from: a, to: /a, mode: 0755}
                  - {from: b, to: /b, mode: "644"}
                  - {from: c, to: /c, mode: 0o600}
            """);
    assertThat(config.targets().get("web").files().orElseThrow().stream().map(f -> f.mode()))
        .containsExactly(Optional.of(0755), Optional.of(0644), Optional.of(0600));
  }
}
