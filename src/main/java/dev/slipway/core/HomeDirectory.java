package dev.slipway.core;

import java.nio.file.Path;
import java.util.Map;

/**
 * The user's home directory as go, docker and skopeo find it: {@code $HOME} from the environment
 * Slipway was given. Java's {@code user.home} comes from the password database, which CI systems
 * and containers do not keep in step with {@code HOME}; it is only the fallback when HOME is unset.
 */
public final class HomeDirectory {
  private HomeDirectory() {}

  /** {@code $HOME} in {@code env}, else the JVM's {@code user.home}. */
  public static Path of(Map<String, String> env) {
    String home = env.get("HOME");
    if (home != null && !home.isEmpty()) {
      return Path.of(home);
    }
    return Path.of(System.getProperty("user.home"));
  }
}
