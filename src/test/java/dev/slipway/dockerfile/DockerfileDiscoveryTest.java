package dev.slipway.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerfileDiscoveryTest {
  @TempDir Path root;

  @Test
  void findsEveryDockerfileNamingStyleAndSkipsVendoredAndTestTrees() throws Exception {
    new Fixture(root)
        .file("Dockerfile", "FROM scratch\n")
        .file("Containerfile", "FROM scratch\n")
        .file("services/api/Dockerfile.dev", "FROM scratch\n")
        .file("services/api/Dockerfile.dockerignore", "*.md\n")
        .file("build/worker.Dockerfile", "FROM scratch\n")
        .file("vendor/github.com/x/y/Dockerfile", "FROM scratch\n")
        .file("web/node_modules/z/Dockerfile", "FROM scratch\n")
        .file("internal/testdata/Dockerfile", "FROM scratch\n")
        .file(".git/Dockerfile", "FROM scratch\n")
        .file("docs/Dockerfiles.md", "# not one\n");

    DockerfileDiscovery.Result result = DockerfileDiscovery.find(root);

    assertThat(result.sources())
        .containsExactly(
            new DockerfileSource("Containerfile", "."),
            new DockerfileSource("Dockerfile", "."),
            new DockerfileSource("build/worker.Dockerfile", "build"),
            new DockerfileSource("services/api/Dockerfile.dev", "services/api"));
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void composeAndSkaffoldFilesNameOtherContexts() throws Exception {
    new Fixture(root)
        .file("services/api/Dockerfile", "FROM scratch\n")
        .file("services/worker/Dockerfile", "FROM scratch\n")
        .file("deploy/images/batch.dockerfile", "FROM scratch\n")
        .file("tools/Dockerfile", "FROM scratch\n")
        .file(
            "compose.yaml",
            """
            services:
              api:
                build:
                  context: .
                  dockerfile: services/api/Dockerfile
              worker:
                build: ./services/worker
              remote:
                build: https://github.com/example/other.git
              db:
                image: postgres:16
            """)
        .file(
            "deploy/skaffold.yaml",
            """
            apiVersion: skaffold/v4beta11
            kind: Config
            build:
              artifacts:
                - image: batch
                  context: ..
                  docker:
                    dockerfile: deploy/images/batch.dockerfile
            ---
            apiVersion: skaffold/v4beta11
            kind: Config
            build:
              artifacts:
                - image: tools
                  context: ../tools
            """);

    DockerfileDiscovery.Result result = DockerfileDiscovery.find(root);

    assertThat(result.sources())
        .containsExactly(
            new DockerfileSource("deploy/images/batch.dockerfile", "."),
            new DockerfileSource("services/api/Dockerfile", "."),
            new DockerfileSource("services/worker/Dockerfile", "services/worker"),
            new DockerfileSource("tools/Dockerfile", "tools"));
  }

  @Test
  void aComposeFileThatIsNotYamlIsReportedAndTheDockerfilesStillFound() throws Exception {
    new Fixture(root)
        .file("app/Dockerfile", "FROM scratch\n")
        .file("app/docker-compose.yml", "services: [\n");

    DockerfileDiscovery.Result result = DockerfileDiscovery.find(root);

    assertThat(result.sources()).containsExactly(new DockerfileSource("app/Dockerfile", "app"));
    assertThat(result.problems())
        .singleElement()
        .asString()
        .startsWith("app/docker-compose.yml: not valid YAML");
  }
}
