package dev.slipway.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.UsageException;
import dev.slipway.testing.GoModules;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local reference names a directory, so its import path is that directory's in its own module: in
 * a repository of two modules that both have {@code cmd/app}, matching built import paths by their
 * ending ({@code /cmd/app}) cannot tell the two apart.
 */
class ReferencedPackagesTest {
  @TempDir Path repo;

  @BeforeEach
  void twoModulesWithTheSameCommand() {
    for (String service : new String[] {"a", "b"}) {
      Path module = repo.resolve("svc-" + service);
      GoModules.write(module.resolve("go.mod"), "module example.com/" + service + "\n\ngo 1.24\n");
      GoModules.write(module.resolve("cmd/app/main.go"), "package main\n\nfunc main() {}\n");
    }
  }

  private String importPath(Path workDir, String path) throws Exception {
    return ReferencedPackages.importPath(workDir, new KoImportPath(path));
  }

  @Test
  void eachLocalReferenceNamesTheCommandOfItsOwnModule() throws Exception {
    Path a = repo.resolve("svc-a");

    assertThat(importPath(a, "./cmd/app")).isEqualTo("example.com/a/cmd/app");
    assertThat(importPath(a, "../svc-b/cmd/app")).isEqualTo("example.com/b/cmd/app");
    assertThat(importPath(repo, "./svc-a/cmd/app")).isEqualTo("example.com/a/cmd/app");
    assertThat(importPath(repo, "./svc-b/cmd/app")).isEqualTo("example.com/b/cmd/app");
    assertThat(importPath(repo.resolve("svc-b/cmd/app"), ".")).isEqualTo("example.com/b/cmd/app");
    assertThat(importPath(a, "./cmd/../../svc-b/./cmd/app")).isEqualTo("example.com/b/cmd/app");
  }

  @Test
  void anImportPathNamesItself() throws Exception {
    assertThat(importPath(repo, "example.com/b/cmd/app")).isEqualTo("example.com/b/cmd/app");
  }

  @Test
  void aLocalReferenceToNoPackageIsBadInput() {
    assertThatThrownBy(() -> importPath(repo, "./svc-a/cmd/missing"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> importPath(repo, "./svc-a/cmd"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("ko://./svc-a/cmd: cannot tell its import path");
  }
}
