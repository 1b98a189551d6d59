package dev.slipway.fingerprint;

import java.util.List;
import java.util.Map;

/**
 * What a fingerprint produced last time: each target's root manifest or index, and a proof for each
 * output (a layout's index.json digest, a tarball's digest) so its presence can be checked without
 * rebuilding anything.
 */
public record Memo(List<Entry> targets, Map<String, String> outputProofs) {
  public Memo {
    targets = List.copyOf(targets);
    outputProofs = Map.copyOf(outputProofs);
  }

  /**
   * One target's result. {@code image} is {@code repo@digest} when pushed, else empty; {@code
   * platforms} is comma-separated.
   */
  public record Entry(
      String name,
      String importPath,
      String platforms,
      String mediaType,
      String digest,
      long size,
      String image) {
    public Entry {
      for (String field : List.of(name, importPath, platforms, mediaType, digest, image)) {
        if (field.contains("\t") || field.contains("\n")) {
          throw new IllegalArgumentException("memo fields cannot hold tabs or newlines: " + field);
        }
      }
    }
  }
}
