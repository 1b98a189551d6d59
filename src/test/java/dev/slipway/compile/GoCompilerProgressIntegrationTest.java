package dev.slipway.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.Platform;
import dev.slipway.testing.CountingTask;
import dev.slipway.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real go build tells its progress task of every package it compiles, as it compiles it. */
@Tag("integration")
class GoCompilerProgressIntegrationTest {
  @TempDir Path dir;

  @Test
  void eachCompiledPackageAdvancesTheTaskOnceAndTheResultIsUnchanged() throws Exception {
    Path module = dir.resolve("m");
    Files.createDirectories(module.resolve("lib"));
    Files.writeString(module.resolve("go.mod"), "module example.com/m\n\ngo 1.21\n");
    // a fresh constant, so go compiles these packages even with the shared build cache
    String nonce = "const nonce = \"" + UUID.randomUUID() + "\"\n";
    Files.writeString(
        module.resolve("lib/lib.go"),
        "package lib\n\nfunc Name() string { return \"m\" }\n" + nonce);
    Files.writeString(
        module.resolve("main.go"),
        "package main\n\nimport \"example.com/m/lib\"\n\nfunc main() { println(lib.Name()) }\n"
            + nonce);
    GoCompiler compiler = new GoCompiler("go", goEnv());
    CountingTask task = new CountingTask();
    GoBuild build =
        new GoBuild(
            module,
            List.of("example.com/m"),
            Platform.of("linux", "amd64"),
            List.of(),
            "",
            "",
            false,
            Map.of(),
            dir.resolve("out"));
    GoCompiler.Result result = compiler.build(build, task);
    assertThat(result.compiled()).contains("example.com/m/lib", "example.com/m");
    assertThat(task.advanced()).isEqualTo(result.compiled().size());
    assertThat(task.doneCalls()).isZero(); // the caller owns the task's end
    assertThat(result.binaries().get("example.com/m")).isRegularFile();
  }

  private Map<String, String> goEnv() {
    Map<String, String> env = TestEnvironment.of(dir.resolve("env"));
    env.put("GOFLAGS", "-mod=mod -modcacherw");
    return env;
  }
}
