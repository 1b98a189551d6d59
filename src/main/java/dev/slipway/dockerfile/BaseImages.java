package dev.slipway.dockerfile;

import dev.slipway.core.ImageReference;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What init knows about the base images Go Dockerfiles use, without pulling them. */
final class BaseImages {
  /** The PATH BuildKit gives a stage whose image sets none, and the one most images set. */
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

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

  /**
   * Directories the image has, as far as init knows: those of every distribution's image, and
   * GOPATH's in golang images. Scratch has none.
   */
  static Set<String> directories(String image) {
    Kind kind = kind(image);
    if (kind == Kind.SCRATCH) {
      return Set.of();
    }
    Set<String> common = Set.of("/bin", "/usr/bin", "/usr/local/bin", "/tmp");
    if (kind != Kind.GOLANG) {
      return common;
    }
    Set<String> golang = new HashSet<>(common);
    golang.addAll(List.of("/go", "/go/bin", "/go/src"));
    return Set.copyOf(golang);
  }

  /**
   * Variables the image sets that Dockerfiles use: GOPATH, which decides where go install puts
   * binaries, and PATH, which {@code ENV PATH=/app:$PATH} extends and a bare ENTRYPOINT name is
   * looked up in. BuildKit sets the default PATH in every stage whose image sets none, scratch
   * included; an image init does not know is taken to set that one, as most do.
   */
  static Map<String, String> env(String image) {
    if (kind(image) == Kind.GOLANG) {
      return Map.of("GOPATH", "/go", "PATH", "/go/bin:/usr/local/go/bin:" + DEFAULT_PATH);
    }
    return Map.of("PATH", DEFAULT_PATH);
  }

  private static ImageReference parse(String image) {
    try {
      return ImageReference.parse(image);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
