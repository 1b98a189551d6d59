package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input exits with code 2 and a message naming the flag, file or variable, before anything is
 * written. These fail before {@code go build} runs (one at most runs {@code go list}).
 */
class BuildCommandUsageTest {
  @TempDir Path tmp;
  private Path module;
  private Path layout;
  private Map<String, String> env;

  @BeforeEach
  void setUp() throws Exception {
    module = CliRun.tinyModule(tmp.resolve("mod"));
    layout = tmp.resolve("oci");
    env = CliRun.env(tmp.resolve("cache"));
  }

  @AfterEach
  void nothingWasWritten() throws Exception {
    assertThat(layout.resolve("index.json")).doesNotExist();
    assertThat(module.resolve("build/oci/index.json")).doesNotExist();
    Path memos = tmp.resolve("cache/memo");
    if (Files.isDirectory(memos)) {
      try (Stream<Path> s = Files.list(memos)) {
        assertThat(s).isEmpty();
      }
    }
  }

  private CliRun build(String... flags) {
    String[] args = new String[flags.length + 5];
    args[0] = "build";
    args[1] = "-C";
    args[2] = module.toString();
    args[3] = "--oci-layout";
    args[4] = layout.toString();
    System.arraycopy(flags, 0, args, 5, flags.length);
    return CliRun.run(env, args);
  }

  @Test
  void aDirectoryOutsideAnyModuleIsAUsageError() throws Exception {
    Path empty = tmp.resolve("empty");
    Files.createDirectories(empty);
    CliRun r = CliRun.run(env, "build", "-C", empty.toString(), "--oci-layout", layout.toString());
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("not inside a Go module").contains(empty.toString());
    assertThat(empty.resolve("build")).doesNotExist();
  }

  @Test
  void aMissingDashCDirectoryIsAUsageError() {
    CliRun r = CliRun.run(env, "build", "-C", tmp.resolve("nope").toString());
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("-C").contains("no such directory");
  }

  @Test
  void missingMainPackageIsAUsageError() throws Exception {
    Files.createDirectories(module.resolve("lib"));
    Files.writeString(module.resolve("lib/lib.go"), "package lib\n\nconst X = 1\n");
    CliRun r = build("./lib");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("not a main package").contains("./lib");
  }

  @Test
  void aPlatformWithoutArchitectureIsAUsageErrorNamingTheFlag() {
    CliRun r = build("--platform", "linux");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--platform").contains("'linux'");
  }

  @Test
  void aPlatformListWithATrailingCommaIsAUsageError() {
    CliRun r = build("--platform", "linux/amd64,");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--platform").contains("empty entry");
  }

  @Test
  void aNonLinuxPlatformIsAUsageError() {
    CliRun r = build("--platform", "windows/amd64");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--platform").contains("only linux");
  }

  @Test
  void anUppercasePushRepositoryIsAUsageErrorNamingTheFlag() {
    CliRun r = build("--push", "UPPER/Case");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--push").contains("UPPER/Case");
  }

  @Test
  void aBadSlipwayRepoVariableIsAUsageErrorNamingIt() {
    env.put("SLIPWAY_REPO", "Bad Repo");
    CliRun r = build();
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("SLIPWAY_REPO");
  }

  @Test
  void pushingToADigestIsAUsageError() {
    CliRun r = build("--push", "localhost:5000/x@sha256:" + "a".repeat(64));
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--push").contains("digest");
  }

  @Test
  void aMalformedBaseReferenceIsAUsageErrorNamingTheFlag() {
    CliRun r = build("--base", "bad ref!");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--base").contains("bad ref!");
  }

  @Test
  void aBadExtraTagIsAUsageError() {
    CliRun r = build("--tag", "no good");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--tag");
  }

  @Test
  void anUnknownCompressionIsAUsageError() {
    CliRun r = build("--compression", "lz4");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--compression").contains("lz4");
  }

  @Test
  void zeroJobsIsAUsageError() {
    CliRun r = build("-j", "0");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("-j 0");
  }

  @Test
  void aNonNumericJobCountIsAUsageError() {
    CliRun r = build("-j", "many");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("-j").contains("many");
  }

  @Test
  void anEnvWithoutEqualsIsAUsageErrorNamingTheFlag() {
    CliRun r = build("--env", "NOEQUALS");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--env").contains("NOEQUALS");
  }

  @Test
  void aLabelWithoutEqualsIsAUsageErrorNamingTheFlag() {
    CliRun r = build("--label", "=value");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--label");
  }

  @Test
  void aNonNumericSourceDateEpochIsAUsageErrorNamingIt() {
    env.put("SOURCE_DATE_EPOCH", "abc");
    CliRun r = build();
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("SOURCE_DATE_EPOCH").contains("abc");
  }

  @Test
  void aMalformedBudgetIsAUsageErrorNamingTheFlag() {
    CliRun r = build("--budget", "28 seconds");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--budget 28 seconds").contains("1m30s");
  }

  @Test
  void failOverBudgetWithoutABudgetIsAUsageError() {
    CliRun r = build("--fail-over-budget");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--fail-over-budget").contains("--budget");
  }

  @Test
  void aPushgatewayThatIsNotAnHttpUrlIsAUsageErrorWithoutItsPassword() {
    CliRun r =
        build(
            "--pushgateway", "ftp://ci:hunter2@gw:21", "--trace", tmp.resolve("t.json").toString());
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--pushgateway").doesNotContain("hunter2");
    assertThat(tmp.resolve("t.json")).doesNotExist();
  }

  @Test
  void anUnknownFlagIsAUsageErrorPointingAtHelp() {
    CliRun r = build("--no-such-flag");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--no-such-flag").contains("--help");
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    CliRun r = CliRun.run(env, "frobnicate");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("frobnicate");
  }

  @Test
  void helpExitsZeroAndNamesTheFlags() {
    CliRun r = CliRun.run(env, "build", "--help");
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.out).contains("--platform").contains("--push").contains("--oci-layout");
    assertThat(r.out)
        .contains("--trace")
        .contains("--metrics-file")
        .contains("--pushgateway")
        .contains("--budget")
        .contains("--fail-over-budget");
  }

  @Test
  void anAmd64VariantTheOciSpecDoesNotKnowIsAUsageError() {
    CliRun r = build("--platform", "linux/amd64/v9");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--platform linux/amd64/v9").contains("v4");
  }

  @Test
  void aPushgatewayPortOutOfRangeIsAUsageErrorWithoutAStackTraceOrItsPassword() {
    CliRun r = build("--pushgateway", "http://ci:hunter22@127.0.0.1:99999");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err)
        .contains("--pushgateway")
        .contains("99999")
        .doesNotContain("hunter22")
        .doesNotContain("    at ");
  }

  @Test
  void aPushRegistryPortOutOfRangeIsAUsageErrorNamingTheFlag() {
    CliRun r = build("--push", "localhost:99999/team/app");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--push").contains("99999");
  }

  @Test
  void aMalformedInsecureRegistryIsAUsageErrorNamingTheFlag() {
    CliRun r = build("--insecure-registry", "http://reg.example:5000");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--insecure-registry").contains("host:port");
    CliRun port = build("--insecure-registry", "reg.example:70000");
    assertThat(port.exitCode).as(port.toString()).isEqualTo(2);
    assertThat(port.err).contains("--insecure-registry").contains("70000");
  }

  @Test
  void anHttpCacheUrlWithAnImpossiblePortIsAUsageErrorWithoutItsPassword() {
    CliRun r = build("--cache", "https://ci:hunter22@cache.example:70000/slipway");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--cache").contains("70000").doesNotContain("hunter22");
  }

  @Test
  void aCacheModeOtherThanRoOrRwIsAUsageErrorWithoutThePassword() {
    CliRun r = build("--cache", "redis://:hunter22@127.0.0.1:6379?mode=readonly");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--cache").contains("mode must be ro").doesNotContain("hunter22");
  }

  @Test
  void anUnusableCacheTrustKeyIsAUsageErrorNamingTheVariableNotTheKey() throws Exception {
    env.put("SLIPWAY_CACHE_TRUST_KEY", "tiny-k3y");
    CliRun shortKey = build("--cache", "redis://127.0.0.1:6379");
    assertThat(shortKey.exitCode).as(shortKey.toString()).isEqualTo(2);
    assertThat(shortKey.err).contains("SLIPWAY_CACHE_TRUST_KEY").doesNotContain("tiny-k3y");

    Path keyFile = Files.writeString(tmp.resolve("key"), "a-long-enough-key-only-release-holds");
    env.put("SLIPWAY_CACHE_TRUST_KEY_FILE", keyFile.toString());
    CliRun both = build("--cache", "redis://127.0.0.1:6379");
    assertThat(both.exitCode).as(both.toString()).isEqualTo(2);
    assertThat(both.err).contains("not both").doesNotContain("tiny-k3y");

    env.remove("SLIPWAY_CACHE_TRUST_KEY");
    env.put("SLIPWAY_CACHE_WRITER", "two words");
    CliRun writer = build("--cache", "redis://127.0.0.1:6379");
    assertThat(writer.exitCode).as(writer.toString()).isEqualTo(2);
    assertThat(writer.err).contains("SLIPWAY_CACHE_WRITER").doesNotContain("only-release-holds");
  }

  @Test
  void anUnknownOptionCarryingAUrlPasswordIsEchoedWithoutIt() {
    CliRun r = CliRun.run(env, "cache", "stats", "--cache", "redis://user:SECRET@host:6379");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("Unknown option").contains("redis://").doesNotContain("SECRET");
    assertThat(r.err).doesNotContain("user:");
  }

  @Test
  void secretQueryParametersAndSecretOptionValuesAreNotEchoedByAnyCommand() {
    CliRun query =
        CliRun.run(env, "report", "--bogus", "https://cache.example/x?token=t0ps3cret&b=1");
    assertThat(query.exitCode).as(query.toString()).isEqualTo(2);
    assertThat(query.err).contains("token=").doesNotContain("t0ps3cret");
    CliRun option = CliRun.run(env, "explain", "--password", "hunter22", "--token=abcdef99");
    assertThat(option.exitCode).as(option.toString()).isEqualTo(2);
    assertThat(option.err).doesNotContain("hunter22").doesNotContain("abcdef99");
  }

  @Test
  void aSecretFromTheEnvironmentIsNotEchoedInAUsageError() {
    env.put("SLIPWAY_CACHE_PASSWORD", "envS3cret!");
    CliRun r = CliRun.run(env, "modules", "verify", "envS3cret!");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).doesNotContain("envS3cret!");
  }

  @Test
  void aMalformedHttpTimeoutIsAUsageErrorNamingTheVariable() {
    env.put("SLIPWAY_HTTP_TIMEOUT", "forever");
    CliRun r = build();
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("SLIPWAY_HTTP_TIMEOUT").contains("forever");
  }
}
