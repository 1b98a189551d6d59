package dev.slipway.publish;

import dev.slipway.core.SlipwayException;
import dev.slipway.fingerprint.Memo;
import dev.slipway.image.TargetImage;
import java.io.IOException;
import java.util.List;

/** One place images go: an OCI layout, a docker-archive tarball, or a registry. */
public interface Publisher {
  /** A short name for logs and proofs: {@code oci-layout}, {@code tarball}, {@code registry}. */
  String kind();

  /** The key under which this output's proof is remembered: kind plus where it writes. */
  default String proofKey() {
    return kind();
  }

  PublishResult publish(List<TargetImage> targets) throws SlipwayException, IOException;

  /**
   * True when what a memo recorded is still present here, so the build can be skipped. Must err
   * towards false: a wrong true ships a stale image.
   */
  boolean isPresent(Memo memo) throws SlipwayException, IOException;
}
