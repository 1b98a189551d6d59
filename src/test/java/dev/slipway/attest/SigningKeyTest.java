package dev.slipway.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.UsageException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {
  @TempDir Path tmp;

  @Test
  void aPkcs8KeySignsDeterministicallyAndItsPublicKeyVerifies() throws Exception {
    KeyPair pair = pair("secp256r1");
    SigningKey key = SigningKey.load(pem("key.pem", pair.getPrivate()), null, "--sign-key");
    assertThat(key.publicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
    byte[] signature = key.sign(data);
    assertThat(key.sign(data)).isEqualTo(signature); // RFC 6979: no randomness
    Signature jdk = Signature.getInstance("SHA256withECDSA");
    jdk.initVerify(pair.getPublic());
    jdk.update(data);
    assertThat(jdk.verify(signature)).isTrue();
    jdk.initVerify(pair.getPublic());
    jdk.update("payloaD".getBytes(StandardCharsets.UTF_8));
    assertThat(jdk.verify(signature)).isFalse();
  }

  @Test
  void thePublicKeyPemAndIdAreTheKeysOwn() throws Exception {
    KeyPair pair = pair("secp256r1");
    SigningKey key = SigningKey.load(pem("key.pem", pair.getPrivate()), null, "--sign-key");
    String pem = key.publicKeyPem();
    assertThat(pem)
        .startsWith("-----BEGIN PUBLIC KEY-----\n")
        .endsWith("-----END PUBLIC KEY-----\n");
    byte[] der =
        Base64.getMimeDecoder()
            .decode(
                pem.replace("-----BEGIN PUBLIC KEY-----", "")
                    .replace("-----END PUBLIC KEY-----", ""));
    assertThat(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der)))
        .isEqualTo(pair.getPublic());
    assertThat(Base64.getDecoder().decode(key.keyId())).hasSize(32);
  }

  @Test
  void anEncryptedKeyNeedsItsPassword() throws Exception {
    KeyPair pair = pair("secp256r1");
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(
          new JcaPKCS8Generator(
              pair.getPrivate(),
              new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder(
                      JcaPKCS8Generator.AES_256_CBC)
                  .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                  .setPassword("pass word".toCharArray())
                  .build()));
    }
    Path file = Files.writeString(tmp.resolve("enc.pem"), text.toString());
    assertThatThrownBy(() -> SigningKey.load(file, null, "--sign-key"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("set SLIPWAY_SIGN_KEY_PASSWORD");
    assertThatThrownBy(() -> SigningKey.load(file, "wrong", "--sign-key"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("cannot decrypt")
        .hasMessageNotContaining("wrong");
    assertThat(SigningKey.load(file, "pass word", "--sign-key").publicKey())
        .isEqualTo(pair.getPublic());
  }

  @Test
  void otherCurvesAndCosignsOwnFormatAreRefusedNamingTheFlag() throws Exception {
    Path p384 = pem("p384.pem", pair("secp384r1").getPrivate());
    assertThatThrownBy(() -> SigningKey.load(p384, null, "--sign-key"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--sign-key " + p384)
        .hasMessageContaining("P-256");
    Path cosign =
        Files.writeString(
            tmp.resolve("cosign.key"),
            "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\neyJrZGYiOnt9fQ==\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
    assertThatThrownBy(() -> SigningKey.load(cosign, null, "--sign-key"))
        .hasMessageContaining("cosign's own key format is not read");
    Path empty = Files.writeString(tmp.resolve("empty.pem"), "");
    assertThatThrownBy(() -> SigningKey.load(empty, null, "--sign-key"))
        .hasMessageContaining("no PEM private key");
  }

  private static KeyPair pair(String curve) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(curve));
    return generator.generateKeyPair();
  }

  private Path pem(String name, java.security.PrivateKey key) throws Exception {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(new JcaPKCS8Generator(key, null));
    }
    return Files.writeString(tmp.resolve(name), text.toString());
  }
}
