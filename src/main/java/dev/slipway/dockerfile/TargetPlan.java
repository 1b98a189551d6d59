package dev.slipway.dockerfile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One target of slipway.yaml, the image a Dockerfile's final stage made. Absent values are null
 * (strings) or empty (lists, maps); absent means Slipway's default.
 *
 * @param name the image name, the key under {@code targets}
 * @param main the Go main package relative to slipway.yaml's directory, in {@code ./} form
 * @param base the base image, or null for Slipway's generated static base
 * @param platforms platforms, such as {@code linux/amd64}
 * @param build how go builds it
 * @param files repository paths to put in the image, an extra layer
 * @param workdir the image's working directory, or null
 * @param env the image's environment, in the Dockerfile's order
 * @param entrypoint the entrypoint, or empty for Slipway's default {@code /app/<name>}
 * @param args the image's command (its arguments to the entrypoint)
 * @param user the user, or null for Slipway's default (65532)
 * @param ports exposed ports, such as {@code 8080} or {@code 9090/udp}
 * @param labels image labels
 */
public record TargetPlan(
    String name,
    String main,
    String base,
    List<String> platforms,
    BuildSettings build,
    List<FileCopy> files,
    String workdir,
    Map<String, String> env,
    List<String> entrypoint,
    List<String> args,
    String user,
    List<String> ports,
    Map<String, String> labels) {
  public TargetPlan {
    if (name == null || !name.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new IllegalArgumentException(
          "a target name is lower case letters, digits, '.', '_', '-': " + name);
    }
    if (main == null || !(main.equals(".") || main.startsWith("./"))) {
      throw new IllegalArgumentException("main must be a ./ path: " + main);
    }
    platforms = List.copyOf(platforms);
    Objects.requireNonNull(build, "build");
    files = List.copyOf(files);
    if (workdir != null && !workdir.startsWith("/")) {
      throw new IllegalArgumentException("workdir must be absolute: " + workdir);
    }
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    entrypoint = List.copyOf(entrypoint);
    args = List.copyOf(args);
    ports = List.copyOf(ports);
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }

  /** This plan under another name. */
  public TargetPlan withName(String other) {
    return new TargetPlan(
        other,
        main,
        base,
        platforms,
        build,
        files,
        workdir,
        env,
        entrypoint,
        args,
        user,
        ports,
        labels);
  }
}
