package dev.slipway.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** TLS sockets that trust only the CA certificates of one PEM file (a private CA's bundle). */
final class PemTrust {
  private PemTrust() {}

  /**
   * A socket factory trusting exactly the certificates in {@code pem}.
   *
   * @throws IllegalArgumentException naming the file, if it cannot be read or holds no certificate
   */
  static SSLSocketFactory socketFactory(Path pem) {
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
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + n++, certificate);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS with " + pem, e);
    }
  }
}
