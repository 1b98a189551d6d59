package dev.slipway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Keeps the package graph of docs/architecture.md true. */
class ArchitectureTest {
  private static final List<String> PACKAGES =
      List.of(
          "core",
          "config",
          "plan",
          "fingerprint",
          "modfile",
          "modules",
          "cache",
          "compile",
          "layer",
          "registry",
          "image",
          "attest",
          "publish",
          "record",
          "explain",
          "report",
          "cacheprog",
          "build",
          "kube",
          "dockerfile",
          "verify",
          "ci",
          "cli",
          "server");

  /** Which Slipway packages each package may use, as in docs/architecture.md. */
  private static final Map<String, Set<String>> ALLOWED =
      Map.ofEntries(
          Map.entry("core", Set.of()),
          Map.entry("config", Set.of("core")),
          Map.entry("plan", Set.of("core", "config")),
          Map.entry("fingerprint", Set.of("core")),
          Map.entry("modfile", Set.of("core")),
          Map.entry("modules", Set.of("core")),
          Map.entry("cache", Set.of("core", "registry")),
          Map.entry("compile", Set.of("core")),
          Map.entry("layer", Set.of("core")),
          Map.entry("registry", Set.of("core")),
          Map.entry("image", Set.of("core", "registry")),
          Map.entry("attest", Set.of("core", "compile", "image")),
          Map.entry("publish", Set.of("core", "fingerprint", "image", "registry")),
          Map.entry("record", Set.of("core")),
          Map.entry("explain", Set.of("core", "record")),
          Map.entry("report", Set.of("core", "record", "explain")),
          Map.entry("cacheprog", Set.of("core")),
          Map.entry(
              "build",
              Set.of(
                  "core",
                  "plan",
                  "fingerprint",
                  "modfile",
                  "modules",
                  "cache",
                  "compile",
                  "layer",
                  "registry",
                  "image",
                  "attest",
                  "publish",
                  "record",
                  "explain",
                  "cacheprog")),
          Map.entry("kube", Set.of("core", "config", "plan", "build")),
          Map.entry("dockerfile", Set.of("core", "config", "plan", "build")),
          Map.entry(
              "verify",
              Set.of("core", "plan", "build", "image", "publish", "registry", "attest", "record")),
          Map.entry("ci", Set.of("core", "modfile", "plan")),
          Map.entry(
              "cli",
              Set.of(
                  "core",
                  "config",
                  "plan",
                  "build",
                  "kube",
                  "dockerfile",
                  "verify",
                  "record",
                  "explain",
                  "report",
                  "ci")),
          // The warm server runs the CLI; nothing runs the server.
          Map.entry(
              "server",
              Set.of(
                  "core",
                  "config",
                  "plan",
                  "build",
                  "kube",
                  "dockerfile",
                  "record",
                  "explain",
                  "report",
                  "cli")));

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.slipway");

  @Test
  void everyPackageIsDocumented() {
    Set<String> found = new TreeSet<>();
    CLASSES.forEach(
        c -> {
          String pkg = c.getPackageName();
          if (pkg.startsWith("dev.slipway.")) {
            found.add(pkg.substring("dev.slipway.".length()).split("\\.")[0]);
          }
        });
    org.assertj.core.api.Assertions.assertThat(PACKAGES).containsAll(found);
  }

  @Test
  void packagesOnlyUseThePackagesUpstreamOfThem() {
    for (String pkg : PACKAGES) {
      for (String other : PACKAGES) {
        if (other.equals(pkg) || ALLOWED.get(pkg).contains(other)) {
          continue;
        }
        noClasses()
            .that()
            .resideInAPackage("dev.slipway." + pkg + "..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.slipway." + other + "..")
            .allowEmptyShould(true)
            .because("docs/architecture.md: " + pkg + " may not use " + other)
            .check(CLASSES);
      }
    }
  }

  @Test
  void onlyTheCliKnowsPicocli() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.slipway.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("picocli..")
        .check(CLASSES);
  }

  /**
   * Tests run the CLI with an environment of their own, and users' HOME, DOCKER_CONFIG and the rest
   * must be the ones Main was given: only {@code Main.main} reads the process environment.
   */
  @Test
  void onlyMainReadsTheProcessEnvironment() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("dev.slipway.cli.Main")
        .should()
        .callMethod(System.class, "getenv")
        .orShould()
        .callMethod(System.class, "getenv", String.class)
        .check(CLASSES);
  }
}
