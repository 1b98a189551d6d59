package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The SPDX and CycloneDX projects' own validators, from the virtual environment that
 * scripts/install-deps makes under the user's cache, named by the hash of
 * scripts/test-tools/sbom-validators.txt (the same rule as the script's).
 */
public final class SbomValidators {
  private static final Path REQUIREMENTS = Path.of("scripts/test-tools/sbom-validators.txt");
  private static final String CYCLONEDX =
      """
      import sys
      from cyclonedx.schema import SchemaVersion
      from cyclonedx.validation.json import JsonStrictValidator
      error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(open(sys.argv[1]).read())
      print(error if error else "valid")
      sys.exit(1 if error else 0)
      """;

  private SbomValidators() {}

  /** pyspdxtools's verdict on an SPDX JSON file: exit 0 when it is valid SPDX 2.3. */
  public static TestEnvironment.Result spdx(Path file) {
    return run(file.getParent(), bin("pyspdxtools").toString(), "-i", file.toString());
  }

  /** cyclonedx-python-lib's strict JSON validation against the CycloneDX 1.6 schema. */
  public static TestEnvironment.Result cyclonedx(Path file) {
    return run(file.getParent(), bin("python").toString(), "-c", CYCLONEDX, file.toString());
  }

  private static TestEnvironment.Result run(Path dir, String... command) {
    Map<String, String> env =
        Map.of(
            "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), "HOME", dir.toString());
    return TestEnvironment.run(dir, env, 120, command);
  }

  private static Path bin(String name) {
    Path venv = venv();
    if (!Files.isRegularFile(venv.resolve("complete"))) {
      throw new AssertionError(
          "the SBOM validators are not installed at " + venv + ": run scripts/install-deps");
    }
    return venv.resolve("bin").resolve(name);
  }

  private static Path venv() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getenv("HOME"), ".cache");
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(REQUIREMENTS));
      String name = "sbom-validators-" + HexFormat.of().formatHex(hash).substring(0, 12);
      return cache.resolve("slipway").resolve("test-tools").resolve(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
