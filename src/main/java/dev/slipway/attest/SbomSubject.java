package dev.slipway.attest;

import dev.slipway.compile.GoBuildInfo;
import dev.slipway.core.Digest;
import dev.slipway.core.Platform;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One platform's image as an SBOM describes it: the image manifest it is about, the Go binary's
 * build information, and the base under it. {@code created} is the image's own creation time, so
 * that the same build writes the same SBOM.
 */
public record SbomSubject(
    String name,
    Digest manifest,
    Platform platform,
    GoBuildInfo build,
    Base base,
    Instant created,
    String toolVersion) {

  /** What the image was built on. */
  public sealed interface Base permits GeneratedBase, PulledBase {}

  /** Slipway's generated static base: the files it holds, each with its SHA-256. */
  public record GeneratedBase(List<BaseFile> files) implements Base {
    public GeneratedBase {
      files = List.copyOf(files);
    }
  }

  /**
   * A base pulled from a registry, by its reference and the manifest digest used, with the SBOMs
   * the base itself carries as referrers ({@code sboms}), which ours names rather than copies.
   */
  public record PulledBase(String reference, Digest digest, List<BaseSbom> sboms) implements Base {
    public PulledBase {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(digest, "digest");
      sboms = List.copyOf(sboms);
    }

    public PulledBase(String reference, Digest digest) {
      this(reference, digest, List.of());
    }
  }

  /**
   * An SBOM a base image carries: where it is ({@code oci://<repository>@<referrer manifest
   * digest>}) and its media type.
   */
  public record BaseSbom(String location, String mediaType) {
    public BaseSbom {
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(mediaType, "mediaType");
    }
  }

  /** A file of the generated base. */
  public record BaseFile(String path, Digest sha256) {}

  public SbomSubject {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(build, "build");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(toolVersion, "toolVersion");
  }

  /**
   * A name-based UUID of the image manifest and the format: the SPDX document namespace and the
   * CycloneDX serial number, the same for the same image, different for every other.
   */
  UUID documentId(String format) {
    return UUID.nameUUIDFromBytes((format + "\n" + manifest).getBytes(StandardCharsets.UTF_8));
  }
}
