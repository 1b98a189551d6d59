package dev.slipway.testing;

import java.nio.file.Path;
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
    Path venv = TestToolsCache.dir("sbom-validators", REQUIREMENTS);
    return TestToolsCache.installed(venv, "SBOM validators").resolve("bin").resolve(name);
  }
}
