package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GoModules;
import dev.slipway.testing.ImageTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which module a build runs in: {@code -C DIR}, nested modules, and the repo's own example. */
@Tag("integration")
class PackageSelectionEndToEndTest {
  @TempDir Path tmp;

  @Test
  void relativeDashCFromADirectoryThatIsNotAModuleBuildsTheModule() throws Exception {
    Path cwd = Path.of("").toAbsolutePath();
    assertThat(cwd.resolve("go.mod")).doesNotExist(); // Maven runs tests from the project root
    Path module = GoModules.service(tmp.resolve("svc"), "svc");
    Path layout = tmp.resolve("oci");
    var run =
        new Slipway(tmp.resolve("cache"))
            .build(
                tmp.resolve("s.json"),
                "-C",
                cwd.relativize(module).toString(),
                "--oci-layout",
                layout.toString(),
                "./cmd/svc")
            .ok();
    assertThat(run.summary().path("targets").path(0).path("importPath").asText())
        .isEqualTo("example.com/svc/cmd/svc");
    Path rootfs = ImageTools.unpack(layout, "svc", tmp.resolve("bundle"));
    assertThat(ImageTools.runAsNonroot(rootfs, "/app/svc"))
        .isEqualTo("hello from svc (v1) uid=65532\n");
  }

  @Test
  void aDirectoryArgumentFromOutsideAnyModuleIsBuiltInTheModuleThatHoldsIt() throws Exception {
    GoModules.service(tmp.resolve("work/svc"), "svc");
    assertThat(tmp.resolve("work/go.mod")).doesNotExist();
    var run =
        new Slipway(tmp.resolve("cache"))
            .build(
                tmp.resolve("s.json"),
                "-C",
                tmp.resolve("work").toString(),
                "--oci-layout",
                tmp.resolve("oci").toString(),
                "./svc/cmd/svc")
            .ok();
    assertThat(run.summary().path("targets").path(0).path("importPath").asText())
        .isEqualTo("example.com/svc/cmd/svc");
    assertThat(run.summary().path("targets").path(0).path("name").asText()).isEqualTo("svc");
  }

  @Test
  void aDirectoryInANestedModuleIsBuiltWithinItsOwnModule() throws Exception {
    Path repo = GoModules.service(tmp.resolve("repo"), "svc"); // module example.com/svc
    Path nested = repo.resolve("examples/greeter");
    GoModules.write(nested.resolve("go.mod"), "module example.org/greeter\n\ngo 1.24\n");
    GoModules.write(
        nested.resolve("main.go"),
        "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"greeter in its own"
            + " module\")\n}\n");
    Path layout = tmp.resolve("oci");
    var run =
        new Slipway(tmp.resolve("cache"))
            .build(
                tmp.resolve("s.json"),
                "-C",
                repo.toString(),
                "--oci-layout",
                layout.toString(),
                "./examples/greeter")
            .ok();
    assertThat(run.summary().path("targets").path(0).path("importPath").asText())
        .isEqualTo("example.org/greeter");
    assertThat(run.summary().path("targets").path(0).path("name").asText()).isEqualTo("greeter");
    Path rootfs = ImageTools.unpack(layout, "greeter", tmp.resolve("bundle"));
    assertThat(ImageTools.runAsNonroot(rootfs, "/app/greeter"))
        .isEqualTo("greeter in its own module\n");
  }

  @Test
  void theRepositorysOwnHelloExampleBuildsFromTheRepoRootAndPassesItsSelftest() throws Exception {
    Path root = Path.of("").toAbsolutePath();
    assertThat(root.resolve("examples/hello/go.mod")).isRegularFile();
    Path layout = tmp.resolve("oci");
    var run =
        new Slipway(tmp.resolve("cache"))
            .build(
                tmp.resolve("s.json"),
                "-C",
                root.toString(),
                "examples/hello",
                "--platform",
                "linux/amd64",
                "--oci-layout",
                layout.toString())
            .ok();
    assertThat(run.summary().path("targets").path(0).path("importPath").asText())
        .isEqualTo("example.com/hello");
    assertThat(root.resolve("examples/hello/build")).doesNotExist(); // output went where asked
    Path rootfs = ImageTools.unpack(layout, "hello", tmp.resolve("bundle"));
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(rootfs.resolve("app/hello"))))
        .isEqualTo("r-xr-xr-x");
    assertThat(ImageTools.runAsNonroot(rootfs, "/app/hello", "-selftest"))
        .isEqualTo("hello: ok linux/amd64\n");
  }
}
