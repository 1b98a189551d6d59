package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * olareg, a registry that implements the OCI distribution spec 1.1 with its referrers API ({@code
 * GET /v2/<name>/referrers/<digest>}, and {@code OCI-Subject} on a manifest PUT with a subject), on
 * a free loopback port with throwaway storage. Debian's docker-registry 2.8 ({@link
 * RegistryServer}) is the registry without that API.
 */
public final class OlaregServer implements AutoCloseable {
  private final Process process;
  private final Path dir;
  private final String host;

  private OlaregServer(Process process, Path dir, String host) {
    this.process = process;
    this.dir = dir;
    this.host = host;
  }

  public static OlaregServer start() {
    try {
      Path dir = Files.createTempDirectory("slipway-olareg-");
      int port = Servers.freePort();
      Path log = dir.resolve("olareg.log");
      Process process =
          new ProcessBuilder(
                  GoTestTools.olareg().toString(),
                  "serve",
                  "--addr",
                  "127.0.0.1",
                  "--port",
                  Integer.toString(port),
                  "--dir",
                  dir.resolve("storage").toString(),
                  "--gc-frequency",
                  "-1s")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      OlaregServer server = new OlaregServer(process, dir, "127.0.0.1:" + port);
      try {
        Servers.awaitReady(
            process, "olareg", log, Duration.ofSeconds(20), () -> server.status("/v2/") == 200);
      } catch (RuntimeException | IOException e) {
        server.close();
        throw e;
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start olareg", e);
    }
  }

  /** {@code 127.0.0.1:PORT}, usable as the registry part of an image reference. */
  public String host() {
    return host;
  }

  /** The status of a GET of {@code path}, or -1 if nothing answers. */
  public int status(String path) {
    return Servers.status(host, path);
  }

  @Override
  public void close() {
    Servers.stop(process, dir);
  }
}
