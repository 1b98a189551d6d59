package dev.slipway.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.config.KoConfigReader;
import dev.slipway.config.ProjectConfig;
import dev.slipway.config.ProjectConfigReader;
import dev.slipway.core.Platform;
import dev.slipway.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .ko.yaml as the layer under slipway.yaml, ko's own fallbacks within it, and its templates. */
class KoLayersTest {
  private static final Platform HOST = Platform.of("linux", "amd64");
  private static final Map<String, String> ENV =
      Map.of("VERSION", "1.4.2", "SOURCE_DATE_EPOCH", "1700000000", "TZ", "UTC");

  @TempDir Path dir;

  @BeforeEach
  void project() throws Exception {
    Files.writeString(dir.resolve("go.mod"), "module example.com/Shop\n\ngo 1.24\n");
    for (String d : List.of("cmd/api", "cmd/worker", "cmd/other")) {
      Files.createDirectories(dir.resolve(d));
      Files.writeString(dir.resolve(d).resolve("main.go"), "package main\nfunc main() {}\n");
    }
  }

  private static final String KO =
      """
      defaultBaseImage: registry.example/base/static:1
      baseImageOverrides:
        example.com/shop/cmd/other: registry.example/base/debug:1
      defaultPlatforms: [linux/arm64]
      defaultEnv: [GOPRIVATE=example.com]
      defaultFlags: [-v]
      defaultLdflags: [-s, -w]
      builds:
        - id: api
          main: ./cmd/api/main.go
          env: [GOAMD64=v3]
          flags: [-tags, netgo, -gcflags, all=-N -l]
          ldflags:
            - -X main.version={{.Env.VERSION}}
            - -X main.date={{ .Date }} -X main.ts={{.Timestamp}}
      """;

  private TargetSpecs specs(String ko, String slipway, Overrides overrides) throws Exception {
    Files.writeString(dir.resolve(".ko.yaml"), ko);
    KoLayers layers =
        KoLayers.resolve(
            KoConfigReader.read(dir.resolve(".ko.yaml"), ".ko.yaml"),
            dir,
            KoTemplateData.of(ENV, dir));
    ProjectConfig config = ProjectConfig.none(dir);
    if (slipway != null) {
      Files.writeString(dir.resolve("slipway.yaml"), slipway);
      config = ProjectConfigReader.read(dir.resolve("slipway.yaml"), "slipway.yaml");
    }
    return TargetSpecs.resolve(config, layers, overrides, HOST);
  }

  private Target target(String rel) {
    return new Target(
        rel.substring(rel.lastIndexOf('/') + 1), "example.com/Shop/" + rel, dir, dir.resolve(rel));
  }

  @Test
  void aBuildEntryReplacesKosDefaultsPartByPartAndItsTemplatesAreRendered() throws Exception {
    TargetSpec api = specs(KO, null, Overrides.NONE).of(target("cmd/api"));
    assertThat(api.base()).contains("registry.example/base/static:1");
    assertThat(api.platforms()).containsExactly(Platform.of("linux", "arm64"));
    // env replaces defaultEnv as a whole, as ko does; flags are split as go reads them.
    assertThat(api.build().env()).containsExactly(Map.entry("GOAMD64", "v3"));
    assertThat(api.build().flags()).containsExactly("-gcflags=all=-N -l");
    assertThat(api.build().tags()).isEqualTo("netgo");
    assertThat(api.build().ldflags())
        .isEqualTo("-X main.version=1.4.2 -X main.date=2023-11-14T22:13:20Z -X main.ts=1700000000");
  }

  @Test
  void packagesWithoutAnEntryGetKosDefaultsAndTheirOverriddenBase() throws Exception {
    TargetSpecs specs = specs(KO, null, Overrides.NONE);
    TargetSpec worker = specs.of(target("cmd/worker"));
    assertThat(worker.base()).contains("registry.example/base/static:1");
    assertThat(worker.build().env()).containsExactly(Map.entry("GOPRIVATE", "example.com"));
    assertThat(worker.build().flags()).containsExactly("-v");
    assertThat(worker.build().ldflags()).isEqualTo("-s -w");
    // ko's reader lowercases the keys of baseImageOverrides, so case does not count.
    assertThat(specs.of(target("cmd/other")).base()).contains("registry.example/base/debug:1");
    assertThat(specs.bases())
        .contains(
            Optional.of("registry.example/base/static:1"),
            Optional.of("registry.example/base/debug:1"));
    // With no package named, ko's builds are the targets.
    assertThat(specs.packages()).containsExactly(dir.resolve("cmd/api").toRealPath().toString());
  }

  @Test
  void slipwayYamlIsAboveKoYamlAndTheCommandLineAboveBoth() throws Exception {
    String slipway =
        """
        defaults:
          build:
            env: {GOPRIVATE: corp.example}
        targets:
          api:
            main: cmd/api
            base: registry.example/base/slipway:2
            build:
              ldflags: [-s]
        """;
    TargetSpecs specs = specs(KO, slipway, Overrides.NONE);
    TargetSpec api = specs.of(target("cmd/api"));
    assertThat(api.name()).contains("api");
    assertThat(api.base()).contains("registry.example/base/slipway:2");
    assertThat(api.build().ldflags()).isEqualTo("-s");
    assertThat(api.build().tags()).isEqualTo("netgo");
    assertThat(api.build().env())
        .containsExactly(Map.entry("GOAMD64", "v3"), Map.entry("GOPRIVATE", "corp.example"));
    Overrides flags =
        new Overrides(
            Optional.of(List.of(HOST)),
            Optional.of("scratch"),
            Optional.of("-w"),
            Optional.empty(),
            Map.of(),
            Map.of(),
            Map.of("team", "shop"),
            Optional.of("1000"));
    TargetSpec overridden = specs(KO, slipway, flags).of(target("cmd/other"));
    assertThat(overridden.base()).contains("scratch");
    assertThat(overridden.platforms()).containsExactly(HOST);
    assertThat(overridden.build().ldflags()).isEqualTo("-w");
    assertThat(overridden.image().annotations()).containsEntry("team", "shop");
    assertThat(overridden.image().user()).isEqualTo("1000");
  }

  @Test
  void goEnvInATemplateIsWhatGoEnvSays() throws Exception {
    Map<String, String> env =
        Map.of(
            "PATH", System.getenv("PATH"),
            "HOME", dir.resolve("home").toString(),
            "GOCACHE", dir.resolve("gocache").toString(),
            "GOARCH", "arm64");
    Files.writeString(
        dir.resolve(".ko.yaml"),
        "builds:\n  - main: ./cmd/api\n    ldflags: ['-X main.arch={{.GoEnv.GOARCH}}']\n");
    KoLayers layers =
        KoLayers.resolve(
            KoConfigReader.read(dir.resolve(".ko.yaml"), ".ko.yaml"),
            dir,
            KoTemplateData.of(env, dir));
    TargetSpec api =
        TargetSpecs.resolve(ProjectConfig.none(dir), layers, Overrides.NONE, HOST)
            .of(target("cmd/api"));
    assertThat(api.build().ldflags()).isEqualTo("-X main.arch=arm64");
  }

  @Test
  void aMissingVariableOrAMissingPackageNamesItsPlace() {
    assertThatThrownBy(
            () ->
                specs(
                    "builds:\n  - main: ./cmd/api\n    ldflags: ['-X main.v={{.Env.NOPE}}']\n",
                    null,
                    Overrides.NONE))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith(".ko.yaml:3:15: {{.Env.NOPE}}: NOPE is not set");
    assertThatThrownBy(() -> specs("builds:\n  - main: ./cmd/gone\n", null, Overrides.NONE))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith(".ko.yaml:2:11: build #0: main package cmd/gone does not exist");
  }
}
