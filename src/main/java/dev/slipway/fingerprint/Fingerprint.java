package dev.slipway.fingerprint;

import dev.slipway.core.Digest;
import java.util.List;

/**
 * The digest of every input of a build, with the lines it was computed from (kept so a later
 * explanation can say what changed).
 */
public record Fingerprint(Digest key, List<String> lines) {
  public Fingerprint {
    lines = List.copyOf(lines);
  }
}
