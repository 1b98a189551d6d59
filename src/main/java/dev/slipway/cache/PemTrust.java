package dev.slipway.cache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/** Trust in only the CA certificates of one PEM file (a private CA's bundle). */
final class PemTrust {
  /** The type of {@link #trustStore}'s bytes. */
  static final String STORE_TYPE = "PKCS12";

  private PemTrust() {}

  /**
   * A trust store holding exactly the certificates in {@code pem}, as PKCS#12 bytes for a client
   * that reads its trust store from a stream. They are public certificates: the password, which
   * PKCS#12 wants, guards nothing.
   *
   * @throws IllegalArgumentException naming the file, if it cannot be read or holds no certificate
   */
  static byte[] trustStore(Path pem, char[] password) {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(pem)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read CA certificates from " + pem + ": " + e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(pem + " holds no PEM certificate");
    }
    try {
      KeyStore store = KeyStore.getInstance(STORE_TYPE);
      store.load(null, null);
      int n = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + n++, certificate);
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      store.store(bytes, password);
      return bytes.toByteArray();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS with " + pem, e);
    }
  }
}
