package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.ImageTools;
import dev.slipway.testing.RegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
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
      Slipway.Run run =
          new Slipway(tmp.resolve("cache"))
              .run(
                  "resolve",
                  "-C",
                  module.toString(),
                  "-f",
                  module.resolve("deploy.yaml").toString(),
                  "--push",
                  repo);
      assertThat(run.code()).as(run.err()).isZero();

      Matcher catalog =
          Pattern.compile(Pattern.quote(repo) + "/catalog@sha256:[0-9a-f]{64}").matcher(run.out());
      Matcher other =
          Pattern.compile(Pattern.quote(repo) + "/other@sha256:[0-9a-f]{64}").matcher(run.out());
      assertThat(catalog.find()).as(run.out()).isTrue();
      assertThat(other.find()).as(run.out()).isTrue();
      String expected =
          YAML.replace("image: ko://example.com/svc/cmd/catalog", "image: " + catalog.group())
                  .replace("'ko://example.com/svc/cmd/other'", "'" + other.group() + "'")
                  .replace("\"ko://example.com/svc/cmd/catalog\"", "\"" + catalog.group() + "\"")
              + "---\n";
      assertThat(run.out()).isEqualTo(expected);
      for (String image : new String[] {catalog.group(), other.group()}) {
        assertThat(ImageTools.inspect("docker://" + image, "--raw")).contains("schemaVersion");
      }
    }
  }

  @Test
  void resolveWithoutAPushTargetIsBadInputAndBuildsNothing() throws Exception {
    Path module = ShopService.write(tmp.resolve("svc"));
    Files.writeString(module.resolve("deploy.yaml"), YAML);
    Slipway.Run run =
        new Slipway(tmp.resolve("cache"))
            .run(
                "resolve", "-C", module.toString(), "-f", module.resolve("deploy.yaml").toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("resolve pushes what it builds: give --push REPO");
    assertThat(tmp.resolve("cache")).doesNotExist();
  }
}
