package dev.slipway.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.ImportPaths;
import dev.slipway.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real {@code go list}: it is fast and installed, and faking it would test nothing. */
class TargetResolverTest {
  @TempDir Path tmp;
  private Path module;
  private final TargetResolver resolver = new TargetResolver(new ObjectMapper(), System.getenv());

  @BeforeEach
  void generateModule() throws Exception {
    module = tmp.toRealPath().resolve("mod");
    write(module.resolve("go.mod"), "module example.com/mod\n\ngo 1.21\n");
    write(module.resolve("cmd/a/main.go"), "package main\n\nfunc main() {}\n");
    write(module.resolve("cmd/b/main.go"), "package main\n\nfunc main() {}\n");
    write(module.resolve("internal/lib/lib.go"), "package lib\n\nconst X = 1\n");
    Files.createDirectories(module.resolve("nothing/here"));
    write(module.resolve("nothing/here/doc.txt"), "no go files\n");
  }

  private static void write(Path file, String content) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  @Test
  void aWildcardFindsEveryMainPackageUnderIt() throws Exception {
    List<Target> targets = resolver.resolve(module, List.of("./cmd/..."));
    assertThat(targets).extracting(Target::name).containsExactly("a", "b");
    assertThat(targets)
        .extracting(Target::importPath)
        .containsExactly("example.com/mod/cmd/a", "example.com/mod/cmd/b");
    assertThat(targets.get(0).moduleRoot()).isEqualTo(module);
    assertThat(targets.get(0).packageDir()).isEqualTo(module.resolve("cmd/a"));
  }

  @Test
  void aWildcardOverTheWholeModuleSkipsNonMainPackages() throws Exception {
    assertThat(resolver.resolve(module, List.of("./...")))
        .extracting(Target::name)
        .containsExactly("a", "b");
  }

  @Test
  void aNonMainPackageIsAUsageErrorNamingIt() {
    assertThatThrownBy(() -> resolver.resolve(module, List.of("./internal/lib")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("./internal/lib")
        .hasMessageContaining("not a main package");
  }

  @Test
  void aWildcardMatchingNoMainPackageIsAUsageError() {
    assertThatThrownBy(() -> resolver.resolve(module, List.of("./nothing/...")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("no main packages match ./nothing/...");
  }

  @Test
  void aMissingDirectoryIsAUsageError() {
    assertThatThrownBy(() -> resolver.resolve(module, List.of("./cmd/missing")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void aDirectoryOutsideAnyModuleIsAUsageError() throws Exception {
    Path loose = tmp.resolve("loose");
    Files.createDirectories(loose);
    assertThatThrownBy(() -> resolver.resolve(loose, List.of(".")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("not inside a Go module");
    assertThatThrownBy(() -> TargetResolver.moduleRoots(loose, List.of(".")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("not inside a Go module");
  }

  @Test
  void aDirectoryInANestedModuleIsResolvedWithinThatModule() throws Exception {
    Path nested = module.resolve("tools/gen");
    write(nested.resolve("go.mod"), "module example.com/gen\n\ngo 1.21\n");
    write(nested.resolve("main.go"), "package main\n\nfunc main() {}\n");

    List<Target> targets = resolver.resolve(module, List.of("./cmd/a", "./tools/gen"));

    assertThat(targets)
        .extracting(Target::importPath)
        .containsExactly("example.com/mod/cmd/a", "example.com/gen");
    assertThat(targets.get(1).name()).isEqualTo("gen");
    assertThat(targets.get(1).moduleRoot()).isEqualTo(nested);
    assertThat(TargetResolver.moduleRoots(module, List.of("./cmd/a", "./tools/gen")))
        .containsExactly(module, nested);
  }

  @Test
  void twoMainPackagesWithTheSameNameAreAUsageError() throws Exception {
    write(module.resolve("other/a/main.go"), "package main\n\nfunc main() {}\n");
    assertThatThrownBy(() -> resolver.resolve(module, List.of("./cmd/a", "./other/a")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("both named 'a'");
  }

  @Test
  void theNameOfAPackageSkipsAMajorVersionSuffix() {
    assertThat(ImportPaths.commandName("example.com/x/cmd/tool/v2")).isEqualTo("tool");
    assertThat(ImportPaths.commandName("example.com/x/cmd/tool")).isEqualTo("tool");
    assertThat(ImportPaths.commandName("example.com/x/cmd/v2tool")).isEqualTo("v2tool");
    assertThat(ImportPaths.commandName("tool")).isEqualTo("tool");
  }

  @Test
  void goFlagsAlwaysTurnOffVcsStampingUnlessTheUserChose() {
    assertThat(TargetResolver.mergeGoFlags(null)).isEqualTo("-buildvcs=false");
    assertThat(TargetResolver.mergeGoFlags("-mod=mod")).isEqualTo("-mod=mod -buildvcs=false");
    assertThat(TargetResolver.mergeGoFlags("-buildvcs=true")).isEqualTo("-buildvcs=true");
  }
}
