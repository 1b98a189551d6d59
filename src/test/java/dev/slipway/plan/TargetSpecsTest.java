package dev.slipway.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class TargetSpecsTest {
  private static final Platform HOST = Platform.of("linux", "amd64");

  @TempDir Path dir;

  @BeforeEach
  void project() throws Exception {
    for (String d : List.of("cmd/api", "cmd/worker", "cmd/other", "templates/mail", "static")) {
      Files.createDirectories(dir.resolve(d));
    }
    Files.writeString(dir.resolve("templates/index.html"), "<p>hi</p>");
    Files.writeString(dir.resolve("templates/mail/welcome.txt"), "welcome");
    Files.writeString(dir.resolve("static/a.css"), "a");
    Files.writeString(dir.resolve("static/b.css"), "b");
    Files.writeString(dir.resolve("static/c.js"), "c");
  }

  private TargetSpecs specs(String yaml, Overrides overrides) throws Exception {
    Path file = dir.resolve("slipway.yaml");
    Files.writeString(file, yaml);
    ProjectConfig config = ProjectConfigReader.read(file, "slipway.yaml");
    return TargetSpecs.resolve(config, KoLayers.none(config.dir()), overrides, HOST);
  }

  private Target target(String rel) {
    return new Target(
        rel.substring(rel.lastIndexOf('/') + 1), "example.com/x/" + rel, dir, dir.resolve(rel));
  }

  private static Overrides flags(
      Optional<String> platforms, Optional<String> ldflags, Map<String, String> env)
      throws UsageException {
    return new Overrides(
        platforms.isPresent()
            ? Optional.of(BuildPlatforms.parse("--platform", platforms.get()))
            : Optional.empty(),
        Optional.empty(),
        ldflags,
        Optional.empty(),
        env,
        Map.of("from", "flag"),
        Map.of(),
        Optional.empty());
  }

  private static final String YAML =
      """
      defaults:
        platforms: [linux/arm64]
        base: cgr.dev/chainguard/static
        build:
          env: {GOAMD64: v2, GOEXPERIMENT: loopvar}
          ldflags: [-s, -w]
          tags: [netgo, osusergo]
        env: {LOG: info}
        args: [--serve]
        labels: {team: core, tier: backend}
      targets:
        api:
          main: ./cmd/api
          platforms: [linux/amd64, linux/arm64/v8]
          build:
            env: {GOAMD64: v3}
            ldflags: [-X, main.v=1]
          env: {PORT: "8080"}
          args: [--port, "8080"]
          labels: {tier: edge}
          ports: [8080, 53/udp]
          files:
            - {from: templates, to: /srv/templates/}
            - {from: "static/*.css", to: /srv/static}
        worker:
          main: ./cmd/worker
          base: scratch
      """;

  @Test
  void aTargetSectionOverridesTheDefaultsWhichOverrideTheBuiltIns() throws Exception {
    TargetSpecs specs = specs(YAML, Overrides.NONE);
    TargetSpec api = specs.of(target("cmd/api"));

    assertThat(api.name()).contains("api");
    assertThat(api.platforms())
        .containsExactly(Platform.of("linux", "amd64"), new Platform("linux", "arm64", "v8"));
    assertThat(api.base()).contains("cgr.dev/chainguard/static");
    assertThat(api.build().ldflags()).isEqualTo("-X main.v=1");
    assertThat(api.build().tags()).isEqualTo("netgo,osusergo");
    // maps add up, the higher level winning a name; lists replace
    assertThat(api.build().env()).isEqualTo(Map.of("GOAMD64", "v3", "GOEXPERIMENT", "loopvar"));
    assertThat(api.image().env())
        .containsExactly(Map.entry("LOG", "info"), Map.entry("PORT", "8080"));
    assertThat(api.image().args()).containsExactly("--port", "8080");
    assertThat(api.image().labels()).isEqualTo(Map.of("team", "core", "tier", "edge"));
    assertThat(api.image().ports()).containsExactly("8080/tcp", "53/udp");
    assertThat(api.image().user()).isEqualTo("65532");

    TargetSpec worker = specs.of(target("cmd/worker"));
    assertThat(worker.base()).contains("scratch");
    assertThat(worker.platforms()).containsExactly(Platform.of("linux", "arm64"));
    assertThat(worker.image().args()).containsExactly("--serve");

    TargetSpec other = specs.of(target("cmd/other"));
    assertThat(other.name()).isEmpty();
    assertThat(other).isEqualTo(specs.defaults());
    assertThat(specs.packages())
        .containsExactly(dir.resolve("cmd/api").toString(), dir.resolve("cmd/worker").toString());
  }

  @Test
  void flagsOverrideEveryTargetSectionAndAddToItsMaps() throws Exception {
    TargetSpecs specs =
        specs(YAML, flags(Optional.of("linux/riscv64"), Optional.of(""), Map.of("GOAMD64", "v4")));
    TargetSpec api = specs.of(target("cmd/api"));
    assertThat(api.platforms()).containsExactly(Platform.of("linux", "riscv64"));
    assertThat(api.build().ldflags()).isEmpty();
    assertThat(api.build().env()).containsEntry("GOAMD64", "v4");
    assertThat(api.image().labels()).containsEntry("from", "flag").containsEntry("tier", "edge");
    assertThat(specs.of(target("cmd/other")).platforms())
        .containsExactly(Platform.of("linux", "riscv64"));
  }

  @Test
  void withNoConfigurationAndNoFlagsTheBuiltInsApply() throws Exception {
    TargetSpec spec =
        TargetSpecs.of(Path.of("").toAbsolutePath(), Overrides.NONE, HOST).of(target("cmd/api"));
    assertThat(spec.platforms()).containsExactly(HOST);
    assertThat(spec.base()).isEmpty();
    assertThat(spec.build()).isEqualTo(BuildSettings.NONE);
    assertThat(spec.image()).isEqualTo(ImageSpec.DEFAULT);
  }

  @Test
  void filesResolveToProjectFilesAndGlobMatchesKeepTheirPathsBelowTheWildcard() throws Exception {
    List<AddedFile> files = specs(YAML, Overrides.NONE).of(target("cmd/api")).image().files();
    Path real = dir.toRealPath();
    assertThat(files)
        .extracting(AddedFile::source, AddedFile::target)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(real.resolve("templates"), "/srv/templates"),
            org.assertj.core.groups.Tuple.tuple(real.resolve("static/a.css"), "/srv/static/a.css"),
            org.assertj.core.groups.Tuple.tuple(real.resolve("static/b.css"), "/srv/static/b.css"));
    assertThat(files.get(0).shown()).isEqualTo("slipway.yaml:23:9");
  }

  @Test
  void filesThatAreMissingMatchNothingOrLeadOutOfTheProjectAreNamedWithTheirPlace()
      throws Exception {
    String head = "targets:\n  api:\n    main: ./cmd/api\n    files:\n";
    assertThatThrownBy(() -> specs(head + "      - {from: nope.json, to: /x}\n", Overrides.NONE))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("slipway.yaml:5:9: nope.json: no such file or directory");
    assertThatThrownBy(
            () -> specs(head + "      - {from: 'static/*.png', to: /x}\n", Overrides.NONE))
        .hasMessage("slipway.yaml:5:9: no file matches static/*.png");
    Path outside = Files.createTempFile("slipway-outside", ".txt");
    try {
      Files.createSymbolicLink(dir.resolve("link.txt"), outside);
      assertThatThrownBy(() -> specs(head + "      - {from: link.txt, to: /x}\n", Overrides.NONE))
          .hasMessageStartingWith("slipway.yaml:5:9: link.txt lies outside the project");
    } finally {
      Files.delete(outside);
    }
  }

  @Test
  void aTargetWithoutFilesOfItsOwnGetsTheDefaultsFilesAndOneWithFilesOnlyItsOwn() throws Exception {
    TargetSpecs specs =
        specs(
            """
            defaults:
              files: [{from: templates, to: /srv/templates}]
            targets:
              api: {main: ./cmd/api}
              worker:
                main: ./cmd/worker
                files: [{from: static/a.css, to: /srv/a.css}]
            """,
            Overrides.NONE);
    assertThat(specs.of(target("cmd/api")).image().files())
        .extracting(AddedFile::target)
        .containsExactly("/srv/templates");
    assertThat(specs.of(target("cmd/worker")).image().files())
        .extracting(AddedFile::target)
        .containsExactly("/srv/a.css");
    assertThat(specs.of(target("cmd/other")).image().files())
        .extracting(AddedFile::target)
        .containsExactly("/srv/templates");
  }

  @Test
  void buildFlagsSlipwaySetsOrThatHaveTheirOwnKeysAreRefusedWithTheirPlace() {
    String head = "targets:\n  api:\n    main: ./cmd/api\n    build:\n      flags: ";
    assertThatThrownBy(() -> specs(head + "[-o, out]\n", Overrides.NONE))
        .hasMessage("slipway.yaml:5:15: -o is Slipway's to set");
    assertThatThrownBy(() -> specs(head + "[-trimpath, '-ldflags=-s']\n", Overrides.NONE))
        .hasMessage("slipway.yaml:5:26: give -ldflags as \"ldflags\"");
    assertThatThrownBy(() -> specs(head + "[gcflags]\n", Overrides.NONE))
        .hasMessage("slipway.yaml:5:15: build flag gcflags does not start with -");
  }

  @Test
  void targetsTakeTheirSectionsNamesAndTwoWithOneNameAreRefused() throws Exception {
    TargetSpecs specs = specs("targets:\n  gateway:\n    main: ./cmd/api\n", Overrides.NONE);
    List<Target> named =
        specs.named(
            List.of(
                new Target("api", "example.com/m/cmd/api", dir, dir.resolve("cmd/api")),
                new Target("other", "example.com/m/cmd/other", dir, dir.resolve("cmd/other"))));
    assertThat(named).extracting(Target::name).containsExactly("gateway", "other");

    TargetSpecs clash = specs("targets:\n  other:\n    main: ./cmd/api\n", Overrides.NONE);
    assertThatThrownBy(
            () ->
                clash.named(
                    List.of(
                        new Target("api", "example.com/m/cmd/api", dir, dir.resolve("cmd/api")),
                        new Target(
                            "other", "example.com/m/cmd/other", dir, dir.resolve("cmd/other")))))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("two targets are both named 'other'");
  }

  @Test
  void allPlatformsOfTheGeneratedBaseIsADocumentedListAndOfAPulledBaseWaitsForIt()
      throws Exception {
    TargetSpecs generated = specs("defaults:\n  platforms: all\n", Overrides.NONE);
    assertThat(generated.of(target("cmd/api")).platforms())
        .isEqualTo(BuildPlatforms.GENERATED_BASE_ALL);
    assertThat(generated.needsBasePlatforms()).isFalse();

    TargetSpecs pulled =
        specs("defaults:\n  platforms: [all]\n  base: registry.example/base:1\n", Overrides.NONE);
    assertThat(pulled.needsBasePlatforms()).isTrue();
    TargetSpecs resolved =
        pulled.withBasePlatforms(
            base -> List.of(Platform.of("linux", "arm64"), Platform.of("linux", "s390x")));
    assertThat(resolved.needsBasePlatforms()).isFalse();
    assertThat(resolved.of(target("cmd/api")).platforms())
        .containsExactly(Platform.of("linux", "arm64"), Platform.of("linux", "s390x"));

    assertThatThrownBy(
            () -> specs("defaults:\n  platforms: all\n  base: scratch\n", Overrides.NONE))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("slipway.yaml:2:14: all platforms of scratch is none");
  }

  @Test
  void excludeLeavesOutWhatDockerignoreWould() throws Exception {
    Files.writeString(dir.resolve("templates/draft.html"), "<p>draft</p>");
    TargetSpecs specs =
        specs(
            """
            targets:
              api:
                main: cmd/api
                files:
                  - from: templates
                    to: /srv/templates
                    exclude: ["**/*.txt", "templates/draft.html"]
                  - from: "static/*"
                    to: /srv/static
                    exclude: ["static/*.css", "!static/b.css"]
            """,
            Overrides.NONE);
    assertThat(specs.of(target("cmd/api")).image().files())
        .extracting(AddedFile::target)
        .containsExactly("/srv/templates/index.html", "/srv/static/b.css", "/srv/static/c.js");
    assertThatThrownBy(
            () ->
                specs(
                    """
                    targets:
                      api:
                        main: cmd/api
                        files:
                          - {from: static/a.css, to: /a.css, exclude: ["static/*.css"]}
                    """,
                    Overrides.NONE))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("static/a.css is left out by this entry's own exclude");
  }
}
