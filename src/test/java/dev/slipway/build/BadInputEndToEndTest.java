package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.modules.Fixtures;
import dev.slipway.testing.GoModules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input that used to slip through: refused with exit 2 and the place named, whatever the cache
 * holds, and I/O failures that name the path and the reason.
 */
@Tag("integration")
class BadInputEndToEndTest {
  @TempDir Path tmp;

  private Slipway slipway() {
    return new Slipway(tmp.resolve("cache")).unset("SLIPWAY_CACHE").unset("SLIPWAY_REPO");
  }

  private Path layout(String name) {
    return tmp.resolve(name);
  }

  @Test
  void anInvalidCacheUrlIsRefusedEvenWhenTheFastPathWouldHit() {
    Path module = GoModules.service(tmp.resolve("svc"), "svc");
    String out = layout("oci").toString();
    slipway()
        .build(tmp.resolve("1.json"), "-C", module.toString(), "--oci-layout", out, "./cmd/svc")
        .ok();
    var noop =
        slipway()
            .build(tmp.resolve("2.json"), "-C", module.toString(), "--oci-layout", out, "./cmd/svc")
            .ok();
    assertThat(noop.summary().path("cache").path("fastPath").asBoolean()).isTrue();

    Slipway.Run flag =
        slipway()
            .run(
                "build",
                "-C",
                module.toString(),
                "--oci-layout",
                out,
                "--cache",
                "foo://x:1",
                "./cmd/svc");
    assertThat(flag.code()).as(flag.err()).isEqualTo(2);
    assertThat(flag.err()).contains("--cache").contains("foo://x:1");

    Slipway.Run env =
        slipway()
            .env("SLIPWAY_CACHE", "foo://x:1")
            .run("build", "-C", module.toString(), "--oci-layout", out, "./cmd/svc");
    assertThat(env.code()).as(env.err()).isEqualTo(2);
    assertThat(env.err()).contains("SLIPWAY_CACHE").contains("foo://x:1");
  }

  @Test
  void aPushgatewayWithAnImpossiblePortIsAUsageErrorBeforeAnyImageIsWritten() {
    Path module = GoModules.service(tmp.resolve("svc"), "svc");
    Slipway.Run run =
        slipway()
            .run(
                "build",
                "-C",
                module.toString(),
                "--oci-layout",
                layout("oci").toString(),
                "--pushgateway",
                "http://ci:hunter22@127.0.0.1:99999");
    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .contains("--pushgateway")
        .contains("99999")
        .doesNotContain("hunter22")
        .doesNotContain("\tat ")
        .doesNotContain("    at ");
    assertThat(layout("oci")).doesNotExist();
  }

  @Test
  void anUnreadableInputFileIsNamedWithTheReason() {
    // Write-only for everyone, root included: procfs checks the mode itself.
    Path unreadable = Path.of("/proc/sys/vm/compact_memory");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(unreadable));
    Path module = GoModules.service(tmp.resolve("svc"), "svc");
    Slipway.Run run =
        slipway()
            .run(
                "build",
                "-C",
                module.toString(),
                "--oci-layout",
                layout("oci").toString(),
                "--ca-bundle",
                unreadable.toString());
    assertThat(run.code()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).contains(unreadable + ": permission denied");
  }

  @Test
  void aMissingGoSumEntryIsBadInputNamingGoSumAndTheModule() throws Exception {
    Fixtures.TidyApp fixture = Fixtures.tidyApp(tmp);
    Path goSum = fixture.app().resolve("go.sum");
    List<String> kept =
        Files.readAllLines(goSum).stream()
            .filter(line -> !line.startsWith("example.com/greet "))
            .collect(Collectors.toList());
    Files.write(goSum, kept);
    Slipway.Run run =
        slipway()
            .env("GOPROXY", fixture.upstream().toUri().toString())
            .env("GOSUMDB", "off")
            .env("GOFLAGS", "-modcacherw")
            .env("GOMODCACHE", tmp.resolve("modcache").toString())
            .run("build", "-C", fixture.app().toString(), "--oci-layout", layout("oci").toString());
    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("go.sum").contains("example.com/greet");
    assertThat(layout("oci")).doesNotExist();
  }
}
