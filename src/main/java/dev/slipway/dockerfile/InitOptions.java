package dev.slipway.dockerfile;

import java.util.Map;

/**
 * How init reads Dockerfiles.
 *
 * @param buildArgs values for {@code ARG}s, as {@code docker build --build-arg} passes them
 * @param target the stage to translate, as {@code docker build --target} names it, or null for each
 *     Dockerfile's last stage
 */
public record InitOptions(Map<String, String> buildArgs, String target) {
  /** No build arguments, last stages. */
  public static final InitOptions DEFAULTS = new InitOptions(Map.of(), null);

  public InitOptions {
    buildArgs = Map.copyOf(buildArgs);
    if (target != null && target.isBlank()) {
      throw new IllegalArgumentException("a target stage name cannot be blank");
    }
  }
}
