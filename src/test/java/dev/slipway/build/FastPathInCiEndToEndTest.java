package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testing.GoModules;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CI job keeps its caches and reports inside the project, the only place a CI system caches and
 * collects from: Slipway's cache, go's build and module caches, the summary, trace and metrics.
 * None of them is an input, so the same tree built again takes the fast path.
 */
@Tag("integration")
class FastPathInCiEndToEndTest {
  @TempDir Path tmp;

  @Test
  void cachesAndReportsInsideTheProjectDoNotChangeTheFingerprint() throws Exception {
    Path module = GoModules.service(tmp.resolve("project"), "api");
    Path caches = module.resolve("ci-cache");
    Slipway slipway =
        new Slipway(tmp.resolve("unused"))
            .env("SLIPWAY_CACHE_DIR", caches.resolve("slipway").toString())
            .env("GOCACHE", caches.resolve("go-build").toString())
            .env("GOMODCACHE", caches.resolve("go-mod").toString());
    String[] args = {
      "build",
      "-C",
      module.toString(),
      "./cmd/api",
      "--oci-layout",
      module.resolve("out/oci").toString(),
      "--json",
      module.resolve("out/summary.json").toString(),
      "--trace",
      module.resolve("out/trace.json").toString(),
      "--metrics-file",
      module.resolve("out/slipway.prom").toString()
    };
    slipway.run(args).ok();
    assertThat(caches.resolve("go-build")).isDirectory(); // go did write its cache in the project
    assertThat(fastPath(module)).isFalse();

    slipway.run(args).ok();
    assertThat(fastPath(module)).as("the second build of the same tree").isTrue();

    // A real change still builds.
    GoModules.changeGreeting(module, "v2");
    slipway.run(args).ok();
    assertThat(fastPath(module)).isFalse();
  }

  private static boolean fastPath(Path module) throws Exception {
    return new ObjectMapper()
        .readTree(module.resolve("out/summary.json").toFile())
        .path("cache")
        .path("fastPath")
        .asBoolean();
  }
}
