package dev.slipway.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.record.BuildRecord;
import dev.slipway.record.BuildRecord.PackageInputs;
import dev.slipway.record.BuildRecord.Rebuild;
import dev.slipway.record.BuildRecord.Unit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExplainerTest {
  private static final String P = "linux/amd64";
  private static final Map<String, String> SETTINGS =
      Map.of("flag.ldflags", "", "flag.tags", "", "toolchain.version", "go1.26.0");

  private static PackageInputs local(
      String path, String digest, Map<String, String> files, String... imports) {
    return new PackageInputs(path, "example.com/m", "", digest, files, List.of(imports));
  }

  private static PackageInputs dep(String path, String version, String digest, String... imports) {
    return new PackageInputs(path, "example.com/dep", version, digest, Map.of(), List.of(imports));
  }

  private static final PackageInputs LIB =
      local("example.com/m/lib", "l1", Map.of("a.go", "1", "b.go", "2"), "example.com/dep");
  private static final PackageInputs MID =
      local("example.com/m/mid", "m1", Map.of("m.go", "1"), "example.com/m/lib");
  private static final PackageInputs MAIN =
      local("example.com/m/cmd/app", "c1", Map.of("main.go", "1"), "example.com/m/mid");
  private static final PackageInputs DEP = dep("example.com/dep", "v1.0.0", "d1");

  private static Unit unit(List<String> compiled, PackageInputs... packages) {
    return new Unit(
        Unit.key(P, List.of("example.com/m/cmd/app")),
        P,
        List.of("example.com/m/cmd/app"),
        compiled,
        List.of(packages));
  }

  private static Optional<Explainer.Prior> prior(
      Map<String, String> settings, PackageInputs... packages) {
    return Optional.of(new Explainer.Prior("old", settings, unit(List.of(), packages)));
  }

  @Test
  void withoutAnEarlierBuildEverythingIsColdAndTheStandardLibraryIsCounted() {
    List<Rebuild> r =
        Explainer.rebuilds(
            unit(List.of("fmt", "os", "example.com/m/lib"), LIB, DEP), SETTINGS, Optional.empty());
    assertThat(r).extracting(Rebuild::importPath).containsExactly("std", "example.com/m/lib");
    assertThat(r).extracting(Rebuild::kind).containsOnly(BuildRecord.COLD);
    assertThat(r.get(0).details().get(0)).isEqualTo("2 packages");
  }

  @Test
  void anEditedFileIsNamedAndDependentsNameTheChangedPackageNotTheOnesBetween() {
    PackageInputs lib2 =
        local(
            "example.com/m/lib",
            "l2",
            Map.of("a.go", "1", "b.go", "9", "c.go", "3"),
            "example.com/dep");
    List<Rebuild> r =
        Explainer.rebuilds(
            unit(
                List.of("example.com/m/lib", "example.com/m/mid", "example.com/m/cmd/app"),
                lib2,
                MID,
                MAIN,
                DEP),
            SETTINGS,
            prior(SETTINGS, LIB, MID, MAIN, DEP));
    assertThat(r.get(0).kind()).isEqualTo(BuildRecord.SOURCE);
    assertThat(r.get(0).details()).containsExactly("~b.go", "+c.go");
    assertThat(r.get(1).kind()).isEqualTo(BuildRecord.DEPENDENCY);
    assertThat(r.get(1).details()).containsExactly("example.com/m/lib");
    assertThat(r.get(2).details())
        .containsExactly("example.com/m/lib"); // not mid: its inputs are the same
  }

  @Test
  void aModuleVersionChangeNamesOldAndNew() {
    PackageInputs dep2 = dep("example.com/dep", "v1.1.0", "d2");
    List<Rebuild> r =
        Explainer.rebuilds(
            unit(List.of("example.com/dep", "example.com/m/lib"), LIB, dep2),
            SETTINGS,
            prior(SETTINGS, LIB, DEP));
    assertThat(r.get(0).kind()).isEqualTo(BuildRecord.MODULE);
    assertThat(r.get(0).details()).containsExactly("example.com/dep v1.0.0 -> v1.1.0");
    assertThat(r.get(1).kind()).isEqualTo(BuildRecord.DEPENDENCY);
    assertThat(r.get(1).details()).containsExactly("example.com/dep");
    assertThat(
            Explainer.moduleChanges(
                Map.of("example.com/dep", "v1.0.0", "gone", "v1"),
                Map.of("example.com/dep", "v1.1.0")))
        .containsExactly(
            new BuildRecord.Change(BuildRecord.MODULE, "example.com/dep", "v1.0.0", "v1.1.0"),
            new BuildRecord.Change(BuildRecord.MODULE, "gone", "v1", ""));
  }

  @Test
  void settingsAndToolchainComeFirstAndLdflagsCompilesNothing() {
    Map<String, String> tags =
        Map.of("flag.ldflags", "", "flag.tags", "netgo", "toolchain.version", "go1.26.0");
    List<Rebuild> r =
        Explainer.rebuilds(
            unit(List.of("fmt", "example.com/m/lib"), LIB, DEP), tags, prior(SETTINGS, LIB, DEP));
    assertThat(r).extracting(Rebuild::kind).containsOnly(BuildRecord.SETTINGS);
    assertThat(r.get(1).details()).containsExactly("flag.tags: (unset) -> netgo");

    Map<String, String> go =
        Map.of("flag.ldflags", "-s", "flag.tags", "", "toolchain.version", "go1.26.1");
    r =
        Explainer.rebuilds(
            unit(List.of("fmt", "example.com/m/lib"), LIB, DEP), go, prior(SETTINGS, LIB, DEP));
    assertThat(r).extracting(Rebuild::kind).containsOnly(BuildRecord.TOOLCHAIN);
    assertThat(r.get(1).details()).containsExactly("toolchain.version: go1.26.0 -> go1.26.1");

    Map<String, String> ld =
        Map.of("flag.ldflags", "-s", "flag.tags", "", "toolchain.version", "go1.26.0");
    r =
        Explainer.rebuilds(
            unit(List.of("example.com/m/lib"), LIB, DEP), ld, prior(SETTINGS, LIB, DEP));
    assertThat(r.get(0).kind()).isEqualTo(BuildRecord.COLD); // ldflags is no reason to compile lib
    assertThat(Explainer.changes(SETTINGS, ld))
        .containsExactly(new BuildRecord.Change(BuildRecord.SETTINGS, "flag.ldflags", "", "-s"));
  }

  @Test
  void unchangedInputsAreColdAndANewPackageIsNew() {
    PackageInputs fresh = local("example.com/m/fresh", "f1", Map.of("f.go", "1"));
    List<Rebuild> r =
        Explainer.rebuilds(
            unit(List.of("example.com/m/lib", "example.com/m/fresh"), LIB, fresh, DEP),
            SETTINGS,
            prior(SETTINGS, LIB, DEP));
    assertThat(r.get(0).kind()).isEqualTo(BuildRecord.COLD);
    assertThat(r.get(0).details().get(0)).contains("inputs unchanged since old");
    assertThat(r.get(1).kind()).isEqualTo(BuildRecord.SOURCE);
    assertThat(r.get(1).details()).containsExactly("new package");
  }

  @Test
  void moduleMissesAreNewVersionsOrCold() {
    assertThat(
            Explainer.moduleMisses(
                List.of(
                    "example.com/dep@v1.1.0", "example.com/same@v2.0.0", "example.com/new@v0.1.0"),
                Optional.of(Map.of("example.com/dep", "v1.0.0", "example.com/same", "v2.0.0"))))
        .containsExactly(
            new BuildRecord.ModuleMiss("example.com/dep", "v1.1.0", BuildRecord.MODULE, "v1.0.0"),
            new BuildRecord.ModuleMiss("example.com/new", "v0.1.0", BuildRecord.MODULE, ""),
            new BuildRecord.ModuleMiss("example.com/same", "v2.0.0", BuildRecord.COLD, "v2.0.0"));
    assertThat(Explainer.moduleMisses(List.of("example.com/dep@v1.1.0"), Optional.empty()))
        .extracting(BuildRecord.ModuleMiss::kind)
        .containsExactly(BuildRecord.COLD);
  }
}
