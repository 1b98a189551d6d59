package dev.slipway.dockerfile;

import dev.slipway.core.ImageReference;
import java.util.Map;

/** What init knows about the base images Go Dockerfiles use, without pulling them. */
final class BaseImages {
  private BaseImages() {}

  /** How a final stage's base translates. */
  enum Kind {
    /** {@code scratch}: nothing at all. */
    SCRATCH,
    /** distroless static, Chainguard static: CA certificates, tzdata, users; no libc. */
    STATIC,
    /** distroless base: as static, plus glibc. */
    GLIBC,
    /** The official Go image: a toolchain, not a runtime base. */
    GOLANG,
    /** Anything else: a distribution or an image of the team's own. */
    OTHER
  }

  static Kind kind(String image) {
    if (image.equals("scratch")) {
      return Kind.SCRATCH;
    }
    ImageReference ref = parse(image);
    if (ref == null) {
      return Kind.OTHER;
    }
    String where = ref.registry() + "/" + ref.repository();
    if (where.startsWith("gcr.io/distroless/static") || where.equals("cgr.dev/chainguard/static")) {
      return Kind.STATIC;
    }
    if (where.startsWith("gcr.io/distroless/base")) {
      return Kind.GLIBC;
    }
    if (where.equals("docker.io/library/golang")) {
      return Kind.GOLANG;
    }
    return Kind.OTHER;
  }

  /** Whether the image's default user is not root, as the distroless {@code nonroot} tags are. */
  static boolean runsAsNonroot(String image) {
    ImageReference ref = parse(image);
    return ref != null && ref.tag() != null && ref.tag().contains("nonroot");
  }

  /**
   * Whether {@code image} names a version: a tag other than {@code latest}, or a digest. An image
   * init cannot read (a variable left in it) counts as pinned: there is nothing to advise.
   */
  static boolean pinned(String image) {
    if (image.equals("scratch")) {
      return true;
    }
    ImageReference ref = parse(image);
    if (ref == null) {
      return true;
    }
    return ref.digest() != null || (ref.tag() != null && !ref.tag().equals("latest"));
  }

  /** The working directory the image sets, where init knows it: {@code /go} in golang images. */
  static String workdir(String image) {
    return kind(image) == Kind.GOLANG ? "/go" : "/";
  }

  /** Variables the image sets that decide where go puts what it installs. */
  static Map<String, String> env(String image) {
    return kind(image) == Kind.GOLANG ? Map.of("GOPATH", "/go") : Map.of();
  }

  private static ImageReference parse(String image) {
    try {
      return ImageReference.parse(image);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
