package dev.slipway.attest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.compile.GoBuildInfo;
import dev.slipway.core.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InTotoStatementTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Digest IMAGE = Digest.sha256Of("image".getBytes(StandardCharsets.UTF_8));

  @TempDir Path tmp;

  @Test
  void paeIsTheDsseSpecsEncoding() {
    // The example in the DSSE protocol document.
    assertThat(
            new String(
                Dsse.pae(
                    "http://example.com/HelloWorld",
                    "hello world".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8))
        .isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
  }

  @Test
  void aBundleSignsThePaeOfTheStatementWithTheKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    java.io.StringWriter text = new java.io.StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(new JcaPKCS8Generator(pair.getPrivate(), null));
    }
    SigningKey key =
        SigningKey.load(
            java.nio.file.Files.writeString(tmp.resolve("k.pem"), text.toString()), null, "k");
    byte[] statement = InTotoStatement.signatureClaim(IMAGE);
    JsonNode bundle = JSON.readTree(SigstoreBundle.sign(statement, key));
    assertThat(bundle.path("mediaType").asText()).isEqualTo(SigstoreBundle.MEDIA_TYPE);
    assertThat(bundle.path("verificationMaterial").path("publicKey").path("hint").asText())
        .isEqualTo(key.keyId());
    JsonNode envelope = bundle.path("dsseEnvelope");
    byte[] payload = Base64.getDecoder().decode(envelope.path("payload").asText());
    assertThat(payload).isEqualTo(statement);
    Signature jdk = Signature.getInstance("SHA256withECDSA");
    jdk.initVerify(pair.getPublic());
    jdk.update(Dsse.pae(Dsse.IN_TOTO, payload));
    assertThat(
            jdk.verify(
                Base64.getDecoder()
                    .decode(envelope.path("signatures").path(0).path("sig").asText())))
        .isTrue();
    JsonNode claim = JSON.readTree(payload);
    assertThat(claim.path("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
    assertThat(claim.path("predicateType").asText())
        .isEqualTo("https://sigstore.dev/cosign/sign/v1");
    assertThat(claim.path("subject").path(0).path("digest").path("sha256").asText())
        .isEqualTo(IMAGE.hex());
  }

  @Test
  void provenanceNamesEachModuleOnceWithItsDirHashAndKeepsReplacements() throws Exception {
    GoBuildInfo.Module sync =
        new GoBuildInfo.Module(
            "golang.org/x/sync",
            "v0.10.0",
            "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
            null);
    GoBuildInfo.Module local =
        new GoBuildInfo.Module(
            "example.com/platform",
            "v0.0.0",
            "",
            new GoBuildInfo.Module("../platform", "", "", null));
    GoBuildInfo info =
        GoBuildInfo.parse(
            "go1.26.0", "path\texample.com/shop/cmd/checkout\nmod\texample.com/shop\t(devel)\t\n");
    GoBuildInfo amd64 =
        new GoBuildInfo(
            info.goVersion(), info.path(), info.main(), List.of(sync, local), info.settings());
    List<SlsaProvenance.Resource> modules = SlsaProvenance.modules(List.of(amd64, amd64));
    assertThat(modules).hasSize(2);
    assertThat(modules)
        .anySatisfy(
            m -> {
              assertThat(m.uri()).isEqualTo("pkg:golang/golang.org/x/sync@v0.10.0");
              // in-toto's own example: this h1: is e3b0c442... in hex
              assertThat(m.digest())
                  .containsEntry(
                      "dirHash",
                      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
            })
        .anySatisfy(
            m -> {
              assertThat(m.uri()).isEqualTo("pkg:golang/example.com/platform");
              assertThat(m.digest()).isEmpty();
              assertThat(m.annotations()).containsEntry("replaces", "example.com/platform@v0.0.0");
            });

    byte[] statement =
        SlsaProvenance.statement(
            List.of(new InTotoStatement.Subject("shop", IMAGE)),
            Map.of("platforms", List.of("linux/amd64")),
            Map.of(),
            modules,
            new SlsaProvenance.Run(
                "https://builder.example/1",
                Map.of("slipway", "dev"),
                Optional.empty(),
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:05Z")),
            List.of());
    JsonNode root = JSON.readTree(statement);
    assertThat(root.path("predicateType").asText()).isEqualTo("https://slsa.dev/provenance/v1");
    JsonNode definition = root.path("predicate").path("buildDefinition");
    assertThat(definition.path("buildType").asText()).isEqualTo(SlsaProvenance.BUILD_TYPE);
    assertThat(definition.path("resolvedDependencies")).hasSize(2);
    assertThat(definition.has("internalParameters")).isFalse();
    JsonNode metadata = root.path("predicate").path("runDetails").path("metadata");
    assertThat(metadata.path("startedOn").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(metadata.has("invocationId")).isFalse();
  }
}
