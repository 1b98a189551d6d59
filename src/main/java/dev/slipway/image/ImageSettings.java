package dev.slipway.image;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a user controls in a target's image config and manifest.
 *
 * @param env over the base image's, in this order
 * @param workdir the WorkingDir; empty keeps the base image's
 * @param cmd the Cmd (arguments to the entrypoint); empty for none
 * @param ports ExposedPorts, each {@code port/proto}
 * @param annotations on the manifest (and the index, for several platforms)
 */
public record ImageSettings(
    String user,
    Map<String, String> env,
    Map<String, String> labels,
    Instant created,
    Optional<String> workdir,
    List<String> cmd,
    List<String> ports,
    Map<String, String> annotations) {
  /** The default user: nonroot, as in the generated base's /etc/passwd. */
  public static final String NONROOT = "65532";

  public ImageSettings {
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    labels = Map.copyOf(labels);
    cmd = List.copyOf(cmd);
    ports = List.copyOf(ports);
    annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
  }

  /** Only a user, an environment and labels. */
  public ImageSettings(
      String user, Map<String, String> env, Map<String, String> labels, Instant created) {
    this(user, env, labels, created, Optional.empty(), List.of(), List.of(), Map.of());
  }
}
