package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GoModules;
import dev.slipway.testing.ImageTools;
import dev.slipway.testing.RegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway resolve}, as ko's: every ko:// reference built once, in one build, pushed, and the
 * YAML printed with only those strings changed.
 */
@Tag("integration")
class ResolveEndToEndTest {
  @TempDir Path tmp;

  private static final String YAML =
      """
      # Source: shop/templates/catalog.yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: catalog   # ko://example.com/svc/cmd/catalog stays: a comment
      spec:
        template:
          spec:
            containers:
            - name: catalog
              image: ko://example.com/svc/cmd/catalog
              args: ["--peer", 'ko://example.com/svc/cmd/other']
      ---
      apiVersion: batch/v1
      kind: Job
      metadata: {name: migrate}
      spec:
        template:
          spec:
            containers:
            - name: again
              image: "ko://example.com/svc/cmd/catalog"
              env:
              - {name: NOTE, value: "see ko://example.com/svc/cmd/other for more"}
      """;

  @Test
  void everyReferenceIsBuiltOncePushedAndReplacedWithNothingElseChanged() throws Exception {
    Path module = ShopService.write(tmp.resolve("svc"));
    Files.writeString(module.resolve("deploy.yaml"), YAML);
    try (RegistryServer registry = RegistryServer.start()) {
      String repo = registry.host() + "/team";
      Slipway.Run run = resolve(module, "--push", repo);
      assertThat(run.code()).as(run.err()).isZero();

      String catalog = printedImage(run, repo, "catalog");
      String other = printedImage(run, repo, "other");
      String expected =
          YAML.replace("image: ko://example.com/svc/cmd/catalog", "image: " + catalog)
                  .replace("'ko://example.com/svc/cmd/other'", "'" + other + "'")
                  .replace("\"ko://example.com/svc/cmd/catalog\"", "\"" + catalog + "\"")
              + "---\n";
      assertThat(run.out()).isEqualTo(expected);
      for (String image : new String[] {catalog, other}) {
        assertThat(ImageTools.inspect("docker://" + image, "--raw")).contains("schemaVersion");
      }
    }
  }

  @Test
  void resolveWithoutAPushTargetIsBadInputAndBuildsNothing() throws Exception {
    Path module = ShopService.write(tmp.resolve("svc"));
    Files.writeString(module.resolve("deploy.yaml"), YAML);
    Slipway.Run run = resolve(module);
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "resolve pushes what it builds: give --push REPO (or set SLIPWAY_REPO or"
                + " KO_DOCKER_REPO)");
    assertThat(tmp.resolve("cache")).doesNotExist();
  }

  private static final String TWO_MODULES_YAML =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: app
        labels: {team: a}
      spec:
        template:
          spec:
            containers:
            - name: app
              image: ko://./cmd/app
            - name: worker
              image: |
                ko://../svc-b/cmd/worker
      ---
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: broken
        labels: {team: b}
      spec:
        template:
          spec:
            containers:
            - name: broken
              image: ko://./cmd/broken
      """;

  /**
   * In a repository of two modules whose paths are not their directories, a local reference is a
   * directory from -C: ../svc-b/cmd/worker is example.com/b/cmd/worker, which no suffix of it
   * names. Only the selected object's references are built: ./cmd/broken does not compile.
   */
  @Test
  void localReferencesIntoTwoModulesResolveAndOnlyTheSelectedObjectsReferencesAreBuilt()
      throws Exception {
    Path svcA = command(tmp.resolve("repo/svc-a"), "example.com/a", "app");
    command(tmp.resolve("repo/svc-b"), "example.com/b", "worker");
    GoModules.write(svcA.resolve("cmd/broken/main.go"), "package main\n\nfunc main() { nope() }\n");
    Files.writeString(svcA.resolve("deploy.yaml"), TWO_MODULES_YAML);
    try (RegistryServer registry = RegistryServer.start()) {
      String repo = registry.host() + "/team";
      Slipway.Run run = resolve(svcA, "-l", "team in (a)", "--push", repo);
      assertThat(run.code()).as(run.err()).isZero();

      String selected = TWO_MODULES_YAML.substring(0, TWO_MODULES_YAML.indexOf("---\n"));
      assertThat(run.out())
          .isEqualTo(
              selected
                      .replace("ko://./cmd/app", printedImage(run, repo, "app"))
                      .replaceFirst(
                          "\\|\n +ko://\\.\\./svc-b/cmd/worker", printedImage(run, repo, "worker"))
                  + "---\n");
    }
  }

  /** {@code slipway resolve -C dir -f dir/deploy.yaml} and {@code more}. */
  private Slipway.Run resolve(Path dir, String... more) {
    List<String> args = new ArrayList<>(List.of("resolve", "-C", dir.toString()));
    args.addAll(List.of("-f", dir.resolve("deploy.yaml").toString()));
    args.addAll(List.of(more));
    return new Slipway(tmp.resolve("cache")).run(args.toArray(String[]::new));
  }

  /** The image {@code run} printed for {@code repo/name}, which it must have printed. */
  private static String printedImage(Slipway.Run run, String repo, String name) {
    Matcher image =
        Pattern.compile(Pattern.quote(repo + "/" + name) + "@sha256:[0-9a-f]{64}")
            .matcher(run.out());
    assertThat(image.find()).as(run.out()).isTrue();
    return image.group();
  }

  /** A module at {@code dir} with path {@code modulePath} and one command, {@code cmd/name}. */
  private static Path command(Path dir, String modulePath, String name) {
    GoModules.write(dir.resolve("go.mod"), "module " + modulePath + "\n\ngo 1.24\n");
    GoModules.write(
        dir.resolve("cmd/" + name + "/main.go"),
        "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"" + name + "\") }\n");
    return dir;
  }
}
