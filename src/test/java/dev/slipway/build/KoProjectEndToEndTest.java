package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.GoModules;
import dev.slipway.testing.ImageTools;
import dev.slipway.testing.RegistryServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project set up for ko alone ({@code .ko.yaml} with two builds, a base override, ldflags
 * templates, {@code KO_DOCKER_REPO}) builds with no Slipway setting, its images named as ko names
 * them in each naming mode, their binaries linked with the rendered templates.
 */
@Tag("integration")
class KoProjectEndToEndTest {
  private static final String API = "example.com/svc/cmd/api";
  private static final String WORKER = "example.com/svc/cmd/worker";

  @TempDir Path tmp;

  private Path project(String registry) {
    Path repo = GoModules.service(tmp.resolve("repo"), "api", "worker");
    GoModules.write(
        repo.resolve("cmd/api/main.go"),
        """
        package main

        import "fmt"

        var version, commit = "dev", "none"

        func main() { fmt.Printf("api %s %s\\n", version, commit) }
        """);
    GoModules.write(
        repo.resolve(".ko.yaml"),
        """
        # as the team wrote it for ko
        baseImageOverrides:
          %s: %s/bases/debug:1
        builds:
          - id: api
            main: ./cmd/api
            ldflags:
              - -s -w
              - -X main.version={{.Env.VERSION}} -X main.commit={{ .Git.ShortCommit }}
          - id: worker
            main: ./cmd/worker/main.go
            flags: [-tags, netgo]
        """
            .formatted(API, registry));
    git(repo, "init", "-q");
    git(repo, "add", ".");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "1");
    return repo;
  }

  @Test
  void aKoProjectBuildsAsKoWouldNameAndLinkIt() throws Exception {
    try (RegistryServer registry = RegistryServer.start()) {
      String host = registry.host();
      Path repo = project(host);
      Slipway slipway =
          new Slipway(tmp.resolve("cache"))
              .env("KO_DOCKER_REPO", host + "/ko")
              .env("VERSION", "1.4.2");
      // The override's base: any image in the registry will do.
      new Slipway(tmp.resolve("base-cache"))
          .build(
              tmp.resolve("base.json"),
              "-C",
              GoModules.service(tmp.resolve("base"), "debug").toString(),
              "--push",
              host + "/bases/debug:1",
              "./cmd/debug")
          .ok();

      Path refs = tmp.resolve("refs.txt");
      Slipway.Run run =
          slipway
              .build(
                  tmp.resolve("s.json"),
                  "-C",
                  repo.toString(),
                  "--image-refs",
                  refs.toString(),
                  "./cmd/api",
                  "ko://" + WORKER)
              .ok();
      String apiRepo = host + "/ko/api-" + md5(API);
      String workerRepo = host + "/ko/worker-" + md5(WORKER);
      List<String> images = new ArrayList<>();
      run.summary().path("targets").forEach(t -> images.add(t.path("image").asText()));
      assertThat(images)
          .satisfiesExactly(
              a -> assertThat(a).startsWith(apiRepo + "@sha256:"),
              w -> assertThat(w).startsWith(workerRepo + "@sha256:"));
      assertThat(Files.readAllLines(refs)).isEqualTo(images);

      // The api image is on its override's base, and its binary was linked with the templates.
      JsonNode base = json(ImageTools.inspect("docker://" + host + "/bases/debug:1", "--raw"));
      JsonNode api = json(ImageTools.inspect("docker://" + apiRepo + ":latest", "--raw"));
      assertThat(api.path("layers").get(0).path("digest"))
          .isEqualTo(base.path("layers").get(0).path("digest"));
      ImageTools.pull(apiRepo + ":latest", tmp.resolve("layout"), "api");
      Path rootfs = ImageTools.unpack(tmp.resolve("layout"), "api", tmp.resolve("bundle"));
      String commit = git(repo, "rev-parse", "--short", "HEAD").strip();
      assertThat(ImageTools.runAsNonroot(rootfs, "/app/api"))
          .isEqualTo("api 1.4.2 " + commit + "\n");
      // -s -w took effect too: go records no -ldflags under -trimpath, but the symbols are gone.
      assertThat(
              ImageTools.run(null, "go", "tool", "nm", rootfs.resolve("app/api").toString())
                  .output())
          .contains("no symbols");

      // ko's other naming modes, with the same KO_DOCKER_REPO.
      slipway.build(tmp.resolve("b.json"), "-C", repo.toString(), "-B", "./cmd/...").ok();
      slipway
          .build(
              tmp.resolve("p.json"),
              "-C",
              repo.toString(),
              "-P",
              "--image-label",
              "team=shop,tier=web",
              "--image-annotation",
              "org.opencontainers.image.vendor=shop",
              "--image-user",
              "1000:1000",
              "./cmd/api")
          .ok();
      String preserved = "docker://" + host + "/ko/example.com/svc/cmd/api:latest";
      JsonNode config = json(ImageTools.inspect(preserved, "--config")).path("config");
      assertThat(config.path("Labels").path("team").asText()).isEqualTo("shop");
      assertThat(config.path("Labels").path("tier").asText()).isEqualTo("web");
      assertThat(config.path("User").asText()).isEqualTo("1000:1000");
      assertThat(
              json(ImageTools.inspect(preserved, "--raw"))
                  .path("annotations")
                  .path("org.opencontainers.image.vendor")
                  .asText())
          .isEqualTo("shop");
      slipway.build(tmp.resolve("bare.json"), "-C", repo.toString(), "--bare", "./cmd/api").ok();
      for (String ref :
          List.of(
              "ko/api:latest",
              "ko/worker:latest",
              "ko/example.com/svc/cmd/api:latest",
              "ko:latest")) {
        assertThat(json(ImageTools.inspect("docker://" + host + "/" + ref, "--raw")).path("layers"))
            .as(ref)
            .isNotEmpty();
      }
    }
  }

  @Test
  void platformAllBuildsEveryPlatformOfThePulledBase() throws Exception {
    try (RegistryServer registry = RegistryServer.start()) {
      String host = registry.host();
      Path module = GoModules.service(tmp.resolve("svc"), "api");
      Slipway slipway = new Slipway(tmp.resolve("cache"));
      slipway
          .build(
              tmp.resolve("base.json"),
              "-C",
              module.toString(),
              "--platform",
              "linux/arm64,linux/arm/v7",
              "--push",
              host + "/bases/multi:1",
              "./cmd/api")
          .ok();
      Slipway.Run run =
          slipway
              .build(
                  tmp.resolve("s.json"),
                  "-C",
                  module.toString(),
                  "--platform",
                  "all",
                  "--base",
                  host + "/bases/multi:1",
                  "--push",
                  host + "/team/api",
                  "./cmd/api")
              .ok();
      assertThat(run.summary().path("targets").path(0).path("platforms").toString())
          .isEqualTo("[\"linux/arm64\",\"linux/arm/v7\"]");
      JsonNode index = json(ImageTools.inspect("docker://" + host + "/team/api:latest", "--raw"));
      assertThat(index.path("manifests").findValuesAsText("architecture"))
          .containsExactly("arm64", "arm");

      Slipway.Run scratch =
          slipway.run("build", "-C", module.toString(), "--platform", "all", "--base", "scratch");
      assertThat(scratch.code()).isEqualTo(2);
      assertThat(scratch.err()).contains("--platform: all platforms of scratch is none");
    }
  }

  private static JsonNode json(String text) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
  }

  private static String md5(String importPath) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("MD5").digest(importPath.getBytes(StandardCharsets.UTF_8)));
  }

  private static String git(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    return ImageTools.run(null, cmd.toArray(String[]::new)).orFail("git " + args[0]).output();
  }
}
