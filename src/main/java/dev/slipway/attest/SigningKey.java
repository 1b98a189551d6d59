package dev.slipway.attest;

import dev.slipway.core.Digest;
import dev.slipway.core.UsageException;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The ECDSA P-256 key that signs images and attestations ({@code --sign-key}), as cosign signs with
 * one: SHA-256 and an ASN.1 DER signature, which {@code cosign verify --key <public key>} checks.
 * The key is read from PEM with BouncyCastle: PKCS#8 ({@code openssl genpkey -algorithm EC -pkeyopt
 * ec_paramgen_curve:P-256}), SEC1 ({@code openssl ecparam -genkey}) or encrypted PKCS#8, whose
 * password comes from {@value #PASSWORD_ENV}; the signing itself is the JDK's. Keyless signing
 * (Fulcio certificates, Rekor entries) needs services a build machine may not reach: it would be
 * another implementation of {@link #sign} and a certificate in the bundle, not a change here.
 */
public final class SigningKey {
  /** The password of an encrypted key; never printed. */
  public static final String PASSWORD_ENV = "SLIPWAY_SIGN_KEY_PASSWORD";

  private static final String CURVE = "secp256r1";
  private static final X9ECParameters PARAMS = ECNamedCurveTable.getByName(CURVE);
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(PARAMS.getCurve(), PARAMS.getG(), PARAMS.getN(), PARAMS.getH());

  private final ECPrivateKey privateKey;
  private final PublicKey publicKey;

  private SigningKey(ECPrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /**
   * The key in {@code file}; {@code flag} names where it came from in every error (exit 2), which
   * never holds the key or the password.
   */
  public static SigningKey load(Path file, String password, String flag)
      throws UsageException, IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    if (text.contains("SIGSTORE PRIVATE KEY") || text.contains("COSIGN PRIVATE KEY")) {
      throw new UsageException(
          flag
              + " "
              + file
              + ": cosign's own key format is not read; sign with a PEM EC P-256 key (openssl genpkey"
              + " -algorithm EC -pkeyopt ec_paramgen_curve:P-256) and verify with its public key");
    }
    Object parsed;
    try (Reader in = new java.io.StringReader(text);
        PEMParser pem = new PEMParser(in)) {
      parsed = pem.readObject();
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException(flag + " " + file + ": not a readable PEM private key", e);
    }
    try {
      PrivateKeyInfo info = privateKeyInfo(parsed, password, file, flag);
      PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(info);
      if (!(key instanceof ECPrivateKey ec) || !isP256(info)) {
        throw new UsageException(
            flag + " " + file + ": an ECDSA P-256 key is needed, not " + key.getAlgorithm());
      }
      return new SigningKey(ec, publicKeyOf(ec));
    } catch (IOException | GeneralSecurityException e) {
      throw new UsageException(flag + " " + file + ": not a usable private key", e);
    }
  }

  /**
   * The DER signature of {@code data} (ECDSA over its SHA-256), checked with the JDK before it is
   * returned. The nonce is derived from the key and the message (RFC 6979), so the same statement
   * signed twice gives the same bundle, and a registry's list of referrers does not grow with every
   * build of an unchanged image.
   */
  public byte[] sign(byte[] data) {
    byte[] hash = Digest.newSha256().digest(data);
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(privateKey.getS(), DOMAIN));
    BigInteger[] rs = signer.generateSignature(hash);
    try {
      byte[] der =
          new DERSequence(new ASN1Integer[] {new ASN1Integer(rs[0]), new ASN1Integer(rs[1])})
              .getEncoded(ASN1Encoding.DER);
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(publicKey);
      verifier.update(data);
      if (!verifier.verify(der)) {
        throw new IllegalStateException("a signature made with the key does not verify");
      }
      return der;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode or check an ECDSA P-256 signature", e);
    }
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** The public key as PEM, what {@code cosign verify --key} takes. */
  public String publicKeyPem() {
    String base64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(publicKey.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
  }

  /**
   * The key's id, as Sigstore bundles hint at it: the SHA-256 of its DER SubjectPublicKeyInfo,
   * base64. Public, so it may be shown and recorded.
   */
  public String keyId() {
    return Base64.getEncoder().encodeToString(sha256(publicKey.getEncoded()));
  }

  private static PrivateKeyInfo privateKeyInfo(
      Object parsed, String password, Path file, String flag) throws UsageException, IOException {
    if (parsed instanceof PrivateKeyInfo info) {
      return info;
    }
    if (parsed instanceof PEMKeyPair pair) {
      return pair.getPrivateKeyInfo();
    }
    if (parsed instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
      if (password == null || password.isEmpty()) {
        throw new UsageException(
            flag + " " + file + ": the key is encrypted; set " + PASSWORD_ENV + " to its password");
      }
      try {
        InputDecryptorProvider decryptor =
            new JceOpenSSLPKCS8DecryptorProviderBuilder()
                // An instance, not a registered provider: the JDK lacks PKCS#7 padding's name.
                .setProvider(new BouncyCastleProvider())
                .build(password.toCharArray());
        return encrypted.decryptPrivateKeyInfo(decryptor);
      } catch (OperatorCreationException | PKCSException e) {
        throw new UsageException(
            flag + " " + file + ": cannot decrypt the key with " + PASSWORD_ENV, e);
      }
    }
    if (parsed instanceof PEMEncryptedKeyPair) {
      throw new UsageException(
          flag
              + " "
              + file
              + ": a key encrypted the legacy OpenSSL way is not read; convert it with openssl pkcs8"
              + " -topk8");
    }
    throw new UsageException(flag + " " + file + ": no PEM private key in it");
  }

  private static boolean isP256(PrivateKeyInfo info) {
    Object params = info.getPrivateKeyAlgorithm().getParameters();
    return params != null && params.toString().equals(ECNamedCurveTable.getOID(CURVE).toString());
  }

  /** The public point d·G, which neither PKCS#8 nor the JDK's key hands out. */
  private static PublicKey publicKeyOf(ECPrivateKey key) throws GeneralSecurityException {
    org.bouncycastle.math.ec.ECPoint q =
        new FixedPointCombMultiplier().multiply(PARAMS.getG(), key.getS()).normalize();
    ECParameterSpec spec = key.getParams();
    ECPoint point =
        new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
  }

  private static byte[] sha256(byte[] data) {
    return Digest.newSha256().digest(data);
  }
}
