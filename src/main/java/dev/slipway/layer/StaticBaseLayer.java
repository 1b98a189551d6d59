package dev.slipway.layer;

import dev.slipway.core.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Slipway's default base: what distroless/static gives a static Go binary, made locally so it needs
 * no network. It holds, all owned by 0:0 unless noted:
 *
 * <ul>
 *   <li>{@code /etc/ssl/certs/ca-certificates.crt} (0644), the CA bundle passed in;
 *   <li>{@code /etc/passwd} and {@code /etc/group} (0644) with root (0) and nonroot (65532);
 *   <li>{@code /etc/nsswitch.conf} (0644), "hosts: files dns", so Go's resolver reads /etc/hosts
 *       first as glibc would;
 *   <li>{@code /root} (0700) and {@code /home/nonroot} (0700, owned by 65532:65532), the homes;
 *   <li>{@code /tmp} (01777), which many programs expect to exist and be writable.
 * </ul>
 *
 * Nothing else: no shell, no libc, no package database.
 */
public final class StaticBaseLayer {
  /** The uid and gid of the unprivileged user images run as. */
  public static final int NONROOT = 65532;

  static final String PASSWD =
      """
      root:x:0:0:root:/root:/sbin/nologin
      nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
      """;
  static final String GROUP = "root:x:0:\nnonroot:x:65532:\n";
  static final String NSSWITCH = "hosts: files dns\n";

  /** Where Linux distributions keep their CA bundle, in the order they are tried. */
  static final List<Path> CA_BUNDLES =
      List.of(
          Path.of("/etc/ssl/certs/ca-certificates.crt"),
          Path.of("/etc/pki/tls/certs/ca-bundle.crt"),
          Path.of("/etc/ssl/ca-bundle.pem"),
          Path.of("/etc/ssl/cert.pem"));

  private StaticBaseLayer() {}

  /** The entries of the base layer, with {@code caBundle} as its trusted certificates. */
  public static LayerBuilder entries(byte[] caBundle) {
    return new LayerBuilder()
        .add(LayerEntry.file("/etc/ssl/certs/ca-certificates.crt", 0644, caBundle))
        .add(LayerEntry.file("/etc/passwd", 0644, PASSWD.getBytes(StandardCharsets.UTF_8)))
        .add(LayerEntry.file("/etc/group", 0644, GROUP.getBytes(StandardCharsets.UTF_8)))
        .add(LayerEntry.file("/etc/nsswitch.conf", 0644, NSSWITCH.getBytes(StandardCharsets.UTF_8)))
        .add(LayerEntry.directory("/root", 0700))
        .add(LayerEntry.directory("/home", 0755))
        .add(LayerEntry.directory("/home/nonroot", 0700).withOwner(NONROOT, NONROOT))
        .add(LayerEntry.directory("/tmp", 01777));
  }

  /**
   * The CA bundle of the machine running Slipway. Note the bundle is part of the base layer's
   * digest, so images built on machines with different bundles differ; pass {@code --ca-bundle} to
   * pin it.
   */
  public static byte[] hostCaBundle() throws UsageException {
    return hostCaBundle(CA_BUNDLES);
  }

  /** Where {@link #hostCaBundle()} reads from, if this machine has a bundle. */
  public static java.util.Optional<Path> hostCaBundlePath() {
    return CA_BUNDLES.stream().filter(Files::isRegularFile).findFirst();
  }

  static byte[] hostCaBundle(List<Path> candidates) throws UsageException {
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate)) {
        try {
          return Files.readAllBytes(candidate);
        } catch (IOException e) {
          throw new UsageException(
              "cannot read the CA bundle "
                  + candidate
                  + ": "
                  + e.getMessage()
                  + "; pass --ca-bundle FILE",
              e);
        }
      }
    }
    throw new UsageException(
        "no CA bundle found on this machine (looked for "
            + candidates
            + "); pass --ca-bundle FILE with the certificates the image should trust");
  }
}
