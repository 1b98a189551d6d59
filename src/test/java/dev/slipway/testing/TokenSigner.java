package dev.slipway.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RSA key and its self-signed certificate, made with the JDK's {@code keytool} (so no openssl is
 * needed), that signs RS256 JWTs the way distribution's token auth verifies them: the certificate
 * goes in the header's {@code x5c} and must chain to the registry's {@code rootcertbundle}, which
 * is {@link #certificatePem()}. Distribution 2.8 takes {@code x5c} before {@code kid}, so no {@code
 * kid} is needed.
 */
final class TokenSigner {
  private static final String ALIAS = "token";
  private static final char[] STORE_PASSWORD = "slipway-test".toCharArray();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private final PrivateKey key;
  private final byte[] certificateDer;
  private final Path certificatePem;

  private TokenSigner(PrivateKey key, byte[] certificateDer, Path certificatePem) {
    this.key = key;
    this.certificateDer = certificateDer;
    this.certificatePem = certificatePem;
  }

  /** Generates a fresh key pair and certificate under {@code dir}. */
  static TokenSigner generate(Path dir) {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    if (!Files.isExecutable(keytool)) {
      throw new IllegalStateException(
          keytool + " is missing: the token-auth tests need a full JDK (with keytool)");
    }
    try {
      Path store = dir.resolve("token-signer.p12");
      String password = new String(STORE_PASSWORD);
      ImageTools.run(
              null,
              keytool.toString(),
              "-genkeypair",
              "-alias",
              ALIAS,
              "-keyalg",
              "RSA",
              "-keysize",
              "2048",
              "-sigalg",
              "SHA256withRSA",
              "-dname",
              "CN=slipway-test-token-signer",
              "-validity",
              "2",
              "-storetype",
              "PKCS12",
              "-keystore",
              store.toString(),
              "-storepass",
              password,
              "-keypass",
              password)
          .orFail("keytool -genkeypair");
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keyStore.load(in, STORE_PASSWORD);
      }
      PrivateKey key = (PrivateKey) keyStore.getKey(ALIAS, STORE_PASSWORD);
      Certificate certificate = keyStore.getCertificate(ALIAS);
      byte[] der = certificate.getEncoded();
      Path pem = dir.resolve("token-signer.pem");
      Files.writeString(
          pem,
          "-----BEGIN CERTIFICATE-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(der)
              + "\n-----END CERTIFICATE-----\n");
      return new TokenSigner(key, der, pem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the keytool-made token key", e);
    }
  }

  /** The PEM file to configure as the registry's {@code auth.token.rootcertbundle}. */
  Path certificatePem() {
    return certificatePem;
  }

  /** A compact RS256 JWS of {@code claims}. */
  String sign(Map<String, Object> claims) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("typ", "JWT");
    header.put("alg", "RS256");
    header.put("x5c", List.of(Base64.getEncoder().encodeToString(certificateDer)));
    try {
      String signingInput =
          URL.encodeToString(JSON.writeValueAsBytes(header))
              + "."
              + URL.encodeToString(JSON.writeValueAsBytes(claims));
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + URL.encodeToString(rsa.sign());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
  }
}
