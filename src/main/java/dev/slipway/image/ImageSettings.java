package dev.slipway.image;

import java.time.Instant;
import java.util.Map;

/** What a user controls in a target's image config. */
public record ImageSettings(
    String user, Map<String, String> env, Map<String, String> labels, Instant created) {
  /** The default user: nonroot, as in the generated base's /etc/passwd. */
  public static final String NONROOT = "65532";

  public ImageSettings {
    env = Map.copyOf(env);
    labels = Map.copyOf(labels);
  }
}
