package dev.slipway.core;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The user's home directory as go, docker and skopeo find it: {@code $HOME} from the environment
 * Slipway was given. Never Java's {@code user.home}, which comes from the password database that CI
 * systems and containers do not keep in step with {@code HOME}; with HOME unset there is no home,
 * as for go ("$HOME is not defined").
 */
public final class HomeDirectory {
  private HomeDirectory() {}

  /** {@code $HOME} in {@code env}, or empty when it is unset or empty. */
  public static Optional<Path> of(Map<String, String> env) {
    String home = env.get("HOME");
    return home == null || home.isEmpty() ? Optional.empty() : Optional.of(Path.of(home));
  }
}
