package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.modules.Fixtures;
import dev.slipway.testing.TestEnvironment;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway proxy serve} as a team runs it: a separate process that go downloads from. */
@Tag("integration")
class ProxyServeEndToEndTest {
  @TempDir Path dir;

  @Test
  void goDownloadsEveryModuleThroughAServedStoreAndTheServerStopsOnSigterm() throws Exception {
    Fixtures.TidyApp fixture = Fixtures.tidyApp(dir);
    Path upstream = fixture.upstream();
    Path app = fixture.app();

    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of("target", "slipway.jar").toAbsolutePath().toString(),
                "proxy",
                "serve",
                "--listen",
                "127.0.0.1:0",
                "-C",
                app.toString())
            .redirectError(dir.resolve("serve.err").toFile());
    pb.environment().clear();
    pb.environment().putAll(TestEnvironment.of(dir.resolve("server-env")));
    pb.environment().put("SLIPWAY_CACHE_DIR", dir.resolve("store").toString());
    pb.environment().put("GOPROXY", upstream.toUri().toString());
    Process server = pb.start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).as("the server's first line").isNotNull();
      Matcher m = Pattern.compile("serving modules at (http://127\\.0\\.0\\.1:\\d+)").matcher(line);
      assertThat(m.find()).as(line).isTrue();

      Fixtures.GoResult download =
          Fixtures.go(
              app,
              Map.of("GOPROXY", m.group(1), "GOMODCACHE", dir.resolve("fresh").toString()),
              "mod",
              "download",
              "all");
      assertThat(download.exit()).as(download.output()).isZero();
      assertThat(dir.resolve("fresh/cache/download/example.com/!upper/words/@v/v1.2.0.zip"))
          .exists();
    } finally {
      server.destroy();
    }
    assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
  }
}
