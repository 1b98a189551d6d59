package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.compile.GoPackage;
import dev.slipway.core.Platform;
import dev.slipway.core.UsageException;
import dev.slipway.plan.Attestations;
import dev.slipway.plan.BuildRequest;
import dev.slipway.plan.Overrides;
import dev.slipway.plan.TargetSpecs;
import dev.slipway.record.BuildRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordsTest {
  @TempDir Path dir;

  private BuildRequest request(Map<String, String> buildEnv) {
    try {
      return new BuildRequest(
          dir,
          List.of("."),
          TargetSpecs.of(
              Path.of("").toAbsolutePath(),
              new Overrides(
                  Optional.empty(),
                  Optional.empty(),
                  Optional.of("-s"),
                  Optional.of("netgo"),
                  buildEnv,
                  Map.of(),
                  Map.of(),
                  Optional.empty()),
              Platform.of("linux", "amd64")),
          Optional.empty(),
          false,
          false,
          "gzip",
          Attestations.NONE,
          new BuildRequest.Outputs(
              Optional.of(dir.resolve("oci")),
              Optional.empty(),
              Optional.empty(),
              List.of(),
              Set.of()),
          1,
          Instant.EPOCH,
          dir.resolve("cache"),
          false,
          List.of());
    } catch (UsageException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void settingsKeepWhatSteersTheCompilerAndNoCredentials() {
    Map<String, String> s =
        Records.settings(
            request(Map.of("GOAMD64", "v3")),
            Map.of(
                "GOFLAGS", "-mod=mod",
                "GOPROXY", "https://user:secret@proxy.example/",
                "GOCACHE", "/tmp/x",
                "GOEXPERIMENT", "https://tok:secret@example.invalid/x",
                "HOME", "/root"),
            Optional.of("go1.26.0"));
    assertThat(s)
        .containsEntry("flag.ldflags", "-s")
        .containsEntry("flag.tags", "netgo")
        .containsEntry("env.GOFLAGS", "-mod=mod")
        .containsEntry("env.GOAMD64", "v3")
        .containsEntry("toolchain.version", "go1.26.0")
        .containsEntry("env.GOEXPERIMENT", "https://example.invalid/x")
        .doesNotContainKeys("env.GOPROXY", "env.GOCACHE", "env.HOME");
    assertThat(s.toString()).doesNotContain("secret");
  }

  @Test
  void localPackagesAreIdentifiedByTheirFilesAndVersionedOnesByVersion() throws Exception {
    Files.writeString(dir.resolve("a.go"), "package a\n");
    GoPackage local =
        new GoPackage(
            "example.com/m/a",
            dir,
            false,
            "example.com/m",
            "",
            List.of("a.go"),
            List.of("fmt", "example.com/dep"));
    GoPackage dep =
        new GoPackage(
            "example.com/dep",
            dir.resolve("nope"),
            false,
            "example.com/dep",
            "v1.0.0",
            List.of("x.go"),
            List.of());
    GoPackage std = new GoPackage("fmt", dir, true, "", "", List.of("print.go"), List.of());
    List<BuildRecord.PackageInputs> in = Records.inputs(List.of(std, local, dep));
    assertThat(in)
        .extracting(BuildRecord.PackageInputs::importPath)
        .containsExactly("example.com/m/a", "example.com/dep");
    assertThat(in.get(0).files()).containsOnlyKeys("a.go");
    assertThat(in.get(0).imports())
        .containsExactly("example.com/dep"); // the standard library is the toolchain's
    assertThat(in.get(1).files()).isEmpty(); // its files were never read: the version names them

    // A hash the fingerprint already took is used as it is: the file is not read again.
    String known = "ab".repeat(32);
    ConcurrentMap<Path, String> hashes = new ConcurrentHashMap<>();
    hashes.put(dir.resolve("a.go").toAbsolutePath(), known);
    List<BuildRecord.PackageInputs> reused = Records.inputs(List.of(local), hashes);
    assertThat(reused.get(0).files()).containsEntry("a.go", known.substring(0, 12));

    // A file it had to read is kept for the next unit (another platform of the same build).
    ConcurrentMap<Path, String> filled = new ConcurrentHashMap<>();
    Records.inputs(List.of(local), filled);
    assertThat(filled)
        .containsEntry(
            dir.resolve("a.go").toAbsolutePath(),
            dev.slipway.core.Digest.sha256Of(Files.readAllBytes(dir.resolve("a.go"))).hex());
    assertThat(in.get(0).files().get("a.go"))
        .isEqualTo(
            dev.slipway.core.Digest.sha256Of(Files.readAllBytes(dir.resolve("a.go")))
                .hex()
                .substring(0, 12));

    String before = in.get(0).digest();
    Files.writeString(dir.resolve("a.go"), "package a // changed\n");
    assertThat(Records.inputs(List.of(local)).get(0).digest()).isNotEqualTo(before);
  }
}
