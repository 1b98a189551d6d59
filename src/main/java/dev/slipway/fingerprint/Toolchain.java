package dev.slipway.fingerprint;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Identifies the Go toolchain and the environment that steers it without running {@code go}: the
 * resolved binary's path, size and modification time, every GO* and CGO_* variable, and the go env
 * file. Running {@code go version} would cost more than the rest of a no-op build.
 */
public final class Toolchain {
  private Toolchain() {}

  public static Optional<Path> findGo(String pathVariable) {
    if (pathVariable == null) {
      return Optional.empty();
    }
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "go");
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Settings that name the toolchain and its environment, for a fingerprint. */
  public static Map<String, String> identity(Map<String, String> environment) throws IOException {
    Map<String, String> out = new TreeMap<>();
    Optional<Path> go = findGo(environment.get("PATH"));
    if (go.isPresent()) {
      Path real = go.get().toRealPath();
      BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class);
      out.put(
          "toolchain.go", real + " " + attrs.size() + " " + attrs.lastModifiedTime().toMillis());
    } else {
      out.put("toolchain.go", "missing");
    }
    environment.forEach(
        (k, v) -> {
          if (k.startsWith("GO") || k.startsWith("CGO_")) {
            out.put("env." + k, v);
          }
        });
    Path envFile = goEnvFile(environment);
    if (envFile != null && Files.isRegularFile(envFile)) {
      out.put("toolchain.envfile", Files.readString(envFile));
    }
    return out;
  }

  private static Path goEnvFile(Map<String, String> env) {
    String explicit = env.get("GOENV");
    if (explicit != null) {
      return explicit.equals("off") || explicit.isEmpty() ? null : Path.of(explicit);
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isEmpty()) {
      return Path.of(xdg, "go", "env");
    }
    String home = env.get("HOME");
    return home == null ? null : Path.of(home, ".config", "go", "env");
  }
}
