package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority made with the openssl command, for TLS servers in tests: {@link
 * #issue} signs a server certificate for the names given.
 *
 * <pre>{@code
 * TestCa ca = TestCa.create(dir);
 * TestCa.Issued server = ca.issue("redis", "IP:127.0.0.1");
 * // server.cert(), server.key(); clients trust ca.cert()
 * }</pre>
 */
public final class TestCa {
  public static final Path OPENSSL = Path.of("/usr/bin/openssl");

  /** A certificate, its private key and the certificate of the CA that signed it, all PEM. */
  public record Issued(Path cert, Path key, Path ca) {}

  private final Path dir;
  private final Path cert;
  private final Path key;

  private TestCa(Path dir) {
    this.dir = dir;
    this.cert = dir.resolve("ca.pem");
    this.key = dir.resolve("ca.key");
  }

  /** A new CA (P-256, valid two days) with its files in {@code dir}. */
  public static TestCa create(Path dir) {
    if (!Files.isExecutable(OPENSSL)) {
      throw new IllegalStateException(
          OPENSSL + " is missing: TLS tests need Debian's openssl (scripts/install-deps)");
    }
    TestCa ca = new TestCa(dir);
    ca.newKey(ca.key, ca.cert, "/CN=slipway test CA", "-x509", "-days", "2");
    return ca;
  }

  /** The CA's certificate, the one clients trust. */
  public Path cert() {
    return cert;
  }

  /**
   * A server certificate signed by this CA, for {@code names} as subjectAltName entries ({@code
   * IP:127.0.0.1}, {@code DNS:localhost}).
   */
  public Issued issue(String name, String... names) {
    Path serverKey = dir.resolve(name + ".key");
    Path request = dir.resolve(name + ".csr");
    Path serverCert = dir.resolve(name + ".pem");
    Path extensions = dir.resolve(name + ".ext");
    try {
      Files.writeString(extensions, "subjectAltName=" + String.join(",", names) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    newKey(serverKey, request, "/CN=" + name);
    openssl(
        "x509",
        "-req",
        "-in",
        request.toString(),
        "-CA",
        cert.toString(),
        "-CAkey",
        key.toString(),
        "-CAcreateserial",
        "-out",
        serverCert.toString(),
        "-days",
        "2",
        "-extfile",
        extensions.toString());
    return new Issued(serverCert, serverKey, cert);
  }

  /** A new P-256 key, and a request for {@code subject} (or with {@code -x509}, a certificate). */
  private void newKey(Path keyFile, Path out, String subject, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                keyFile.toString(),
                "-out",
                out.toString(),
                "-subj",
                subject));
    args.addAll(List.of(more));
    openssl(args.toArray(String[]::new));
  }

  private void openssl(String... args) {
    List<String> command = new ArrayList<>(List.of(OPENSSL.toString()));
    command.addAll(List.of(args));
    Path log = dir.resolve("openssl.log");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("openssl " + args[0] + " hung");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "openssl " + String.join(" ", args) + " failed:\n" + Files.readString(log));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
