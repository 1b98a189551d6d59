package dev.slipway.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a target's image holds besides its binary, and how it runs.
 *
 * @param files added in one layer of their own, after the binary's
 * @param workdir the image's WorkingDir; empty keeps the base image's
 * @param env the image's environment, over the base image's, in the order written
 * @param entrypoint empty for {@code /app/<name>}
 * @param args the image's Cmd
 * @param user the image's User
 * @param ports ExposedPorts, each {@code port/proto}
 * @param labels config labels
 * @param annotations manifest annotations
 */
public record ImageSpec(
    List<AddedFile> files,
    Optional<String> workdir,
    Map<String, String> env,
    Optional<List<String>> entrypoint,
    List<String> args,
    String user,
    List<String> ports,
    Map<String, String> labels,
    Map<String, String> annotations) {
  /** The default user: nonroot, as in the generated base's /etc/passwd. */
  public static final String NONROOT = "65532";

  public static final ImageSpec DEFAULT =
      new ImageSpec(
          List.of(),
          Optional.empty(),
          Map.of(),
          Optional.empty(),
          List.of(),
          NONROOT,
          List.of(),
          Map.of(),
          Map.of());

  public ImageSpec {
    files = List.copyOf(files);
    env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    entrypoint = entrypoint.map(List::copyOf);
    args = List.copyOf(args);
    ports = List.copyOf(ports);
    labels = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(labels));
    annotations = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(annotations));
  }
}
