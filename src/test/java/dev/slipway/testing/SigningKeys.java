package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** EC P-256 key pairs made by openssl, as a user would make them for {@code --sign-key}. */
public final class SigningKeys {
  private SigningKeys() {}

  /** A private key (PKCS#8 PEM) and its public key (PEM), as {@code dir/name} and {@code .pub}. */
  public record Pair(Path key, Path pub) {}

  public static Pair generate(Path dir, String name) {
    Path key = dir.resolve(name);
    openssl(
        dir,
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        key.toString());
    Path pub = dir.resolve(name + ".pub");
    openssl(dir, "pkey", "-in", key.toString(), "-pubout", "-out", pub.toString());
    return new Pair(key, pub);
  }

  /** Runs openssl in {@code dir}; it must succeed. */
  public static void openssl(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    TestEnvironment.Result r =
        TestEnvironment.run(
            dir,
            TestEnvironment.of(dir.resolve("openssl-env")),
            60,
            command.toArray(String[]::new));
    assertThat(r.code()).as(r.output()).isZero();
  }
}
