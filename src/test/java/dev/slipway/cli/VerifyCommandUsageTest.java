package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify}'s flags, where they are refused before any registry is asked. */
class VerifyCommandUsageTest {
  @TempDir Path tmp;

  @Test
  void aSignKeyWithoutAttestIsBadInputThatSaysWhatItIsFor() throws Exception {
    Path key = Files.writeString(tmp.resolve("key.pem"), "not read");
    Map<String, String> env = CliRun.env(tmp.resolve("cache"));
    CliRun r = CliRun.run(env, "verify", "127.0.0.1:1/team/app:v1", "--sign-key", key.toString());
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--sign-key signs the verification summary that --attest attaches");
    assertThat(r.out).isEmpty();
  }

  @Test
  void anUnreadableSignKeyIsNamedAndNeverShown() throws Exception {
    Path key = Files.writeString(tmp.resolve("key.pem"), "secret-material-not-a-pem");
    Map<String, String> env = CliRun.env(tmp.resolve("cache"));
    CliRun r =
        CliRun.run(
            env, "verify", "127.0.0.1:1/team/app:v1", "--attest", "--sign-key", key.toString());
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--sign-key " + key).doesNotContain("secret-material");
  }
}
