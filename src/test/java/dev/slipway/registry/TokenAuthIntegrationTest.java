package dev.slipway.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.BlobSource;
import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.core.RegistryException;
import dev.slipway.registry.http.Transport;
import dev.slipway.registry.http.UrlConnectionTransport;
import dev.slipway.testing.RegistryServer;
import dev.slipway.testing.TokenServer;
import dev.slipway.testing.TokenServer.TokenRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RegistryClient against the real registry with bearer-token auth from a {@link TokenServer}. */
@Tag("integration")
class TokenAuthIntegrationTest {
  private static final String USER = "ci";
  private static final String PASSWORD = "t0ken-Pa55word";
  private static TokenServer tokens;
  private static RegistryServer registry;
  private final List<String> warnings = new ArrayList<>();
  private int requestsBefore;

  @BeforeAll
  static void start(@TempDir Path dir) {
    tokens = TokenServer.start(dir, USER, PASSWORD);
    registry = RegistryServer.startWithTokenAuth(tokens);
  }

  @AfterAll
  static void stop() {
    registry.close();
    tokens.close();
  }

  @BeforeEach
  void resetTokenServer() {
    tokens.grantOnlyPull(0).acceptedFor(Duration.ofMinutes(5));
    requestsBefore = tokens.requests().size();
  }

  /** Token requests made by the current test. */
  private List<TokenRequest> tokenRequests() {
    List<TokenRequest> all = tokens.requests();
    return all.subList(requestsBefore, all.size());
  }

  private List<String> issuedInThisTest() {
    return tokenRequests().stream()
        .filter(r -> r.status() == 200)
        .map(TokenRequest::token)
        .toList();
  }

  private ImageReference repo(String name) {
    return ImageReference.parse(registry.host() + "/" + name);
  }

  private RegistryClient client(String password) {
    return RegistryClient.create(
        TestImages.options(warnings)
            .withCredentials(
                CredentialSource.fixed(registry.host(), new Credential(USER, password))));
  }

  @Test
  void blobsAndManifestArePushedWithATokenForPullAndPushOnTheRepository() throws Exception {
    ImageReference repo = repo("token/ok");
    BlobSource config = TestImages.config();
    BlobSource layer = TestImages.randomBlob(40_000, 21);
    byte[] manifest = TestImages.manifest(config, layer);
    try (RegistryClient client = client(PASSWORD)) {
      assertThat(client.pushBlob(repo, config, Optional.empty()).outcome())
          .isEqualTo(BlobPushResult.Outcome.UPLOADED);
      assertThat(client.pushBlob(repo, layer, Optional.empty()).outcome())
          .isEqualTo(BlobPushResult.Outcome.UPLOADED);
      Digest digest = client.putManifest(repo.withTag("v1"), manifest, TestImages.OCI_MANIFEST);
      assertThat(digest).isEqualTo(Digest.sha256Of(manifest));
      assertThat(client.headManifest(repo.withTag("v1"))).map(d -> d.digest()).contains(digest);
    }
    assertThat(tokenRequests())
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.status()).isEqualTo(200);
              assertThat(r.user()).contains(USER);
              assertThat(r.service()).isEqualTo(TokenServer.SERVICE);
            });
    assertThat(tokenRequests().stream().flatMap(r -> r.scopes().stream()))
        .contains("repository:token/ok:pull,push");
    // Without a token the registry answers 401, so the manifest really went through token auth.
    String layerPath = "/v2/token/ok/blobs/" + layer.digest();
    assertThat(registry.status("HEAD", layerPath, null)).isEqualTo(401);
    List<String> issued = issuedInThisTest();
    assertThat(registry.status("HEAD", layerPath, "Bearer " + issued.get(issued.size() - 1)))
        .isEqualTo(200);
  }

  @Test
  void wrongPasswordFailsWithAnAuthenticationMessageThatHidesThePassword() {
    ImageReference repo = repo("token/wrong");
    String wrong = "not-" + PASSWORD;
    try (RegistryClient client = client(wrong)) {
      assertThatThrownBy(
              () -> client.pushBlob(repo, TestImages.randomBlob(10, 22), Optional.empty()))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("authentication to " + registry.host() + " failed for token/wrong")
          .hasMessageNotContaining(wrong)
          .hasMessageNotContaining(basic(wrong));
    }
    assertThat(tokenRequests()).isNotEmpty().allSatisfy(r -> assertThat(r.status()).isEqualTo(401));
    assertThat(registry.countRequests("POST", "/v2/token/wrong/blobs/uploads/")).isZero();
  }

  @Test
  void aTokenRefusedForPushMidPushIsReplacedByAFreshOneAndThePushCompletes() throws Exception {
    ImageReference repo = repo("token/scope");
    BlobSource blob = TestImages.randomBlob(30_000, 23);
    // The HEAD's token and the upload's own push token are both granted pull only.
    tokens.grantOnlyPull(2);
    try (RegistryClient client = client(PASSWORD)) {
      assertThat(client.pushBlob(repo, blob, Optional.empty()).outcome())
          .isEqualTo(BlobPushResult.Outcome.UPLOADED);
      assertThat(client.blobExists(repo, blob.digest())).isTrue();
    }
    // The pull-only token passed the HEAD, was refused at the upload, and a second one was fetched.
    assertThat(registry.requests("HEAD", "/v2/token/scope/blobs/"))
        .anyMatch(e -> e.status() == 404);
    assertThat(registry.requests("POST", "/v2/token/scope/blobs/uploads/"))
        .anyMatch(e -> e.status() == 401)
        .anyMatch(e -> e.status() == 202);
    assertThat(tokenRequests()).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void aTokenThatExpiresBetweenChunksIsRenewedAndTheChunkedUploadCompletes() throws Exception {
    ImageReference repo = repo("token/expiry");
    BlobSource blob = TestImages.randomBlob(1 << 20, 24);
    tokens.acceptedFor(Duration.ofSeconds(2));
    // Below auth, just before the second chunk goes out with the token the client holds: wait
    // until the registry refuses that token, then make later tokens long-lived. The registry's
    // 401 to that PATCH is then certain, and exactly one renewal is needed.
    List<String> expiredTokens = new ArrayList<>();
    Transport wire = new UrlConnectionTransport(Duration.ofSeconds(5), Duration.ofSeconds(30));
    Transport gated =
        request -> {
          boolean secondChunk =
              request.method().equals("PATCH")
                  && !request.headers().first("Content-Range").orElse("0-").startsWith("0-");
          if (secondChunk && expiredTokens.isEmpty()) {
            String held = request.headers().first("Authorization").orElseThrow();
            awaitRegistryRefuses(held, repo, blob.digest());
            expiredTokens.add(held);
            tokens.acceptedFor(Duration.ofMinutes(5));
          }
          return wire.execute(request);
        };
    RegistryOptions options =
        TestImages.options(warnings)
            .withCredentials(
                CredentialSource.fixed(registry.host(), new Credential(USER, PASSWORD)))
            .withChunking(256 << 10, 256 << 10);
    int issuedBefore;
    try (RegistryClient client = RegistryClient.create(options, gated)) {
      assertThat(client.pushBlob(repo, blob, Optional.empty()).outcome())
          .isEqualTo(BlobPushResult.Outcome.UPLOADED);
      issuedBefore = issuedInThisTest().size();
      assertThat(client.blobExists(repo, blob.digest())).isTrue();
    }
    assertThat(expiredTokens).hasSize(1);
    assertThat(registry.requests("PATCH", "/v2/token/expiry/blobs/uploads/"))
        .filteredOn(e -> e.status() == 401)
        .isNotEmpty();
    assertThat(registry.requests("PATCH", "/v2/token/expiry/blobs/uploads/"))
        .filteredOn(e -> e.status() == 202)
        .hasSize(4);
    assertThat(issuedInThisTest().subList(0, issuedBefore))
        .last()
        .isNotEqualTo(expiredTokens.get(0).substring("Bearer ".length()));
  }

  @Test
  void crossRepositoryMountAsksForPullOnTheSourceAndPushOnTheTargetInOneToken() throws Exception {
    ImageReference from = repo("token/mount-from");
    ImageReference to = repo("token/mount-to");
    BlobSource blob = TestImages.randomBlob(30_000, 25);
    try (RegistryClient client = client(PASSWORD)) {
      client.pushBlob(from, blob, Optional.empty());
      assertThat(client.pushBlob(to, blob, Optional.of(from)).outcome())
          .isEqualTo(BlobPushResult.Outcome.MOUNTED);
    }
    assertThat(tokenRequests())
        .anySatisfy(
            r ->
                assertThat(r.scopes())
                    .contains(
                        "repository:token/mount-from:pull", "repository:token/mount-to:pull,push"));
    assertThat(registry.requests("POST", "/v2/token/mount-to/blobs/uploads/?mount="))
        .anyMatch(e -> e.status() == 201);
    assertThat(registry.countRequests("PUT", "/v2/token/mount-to/")).isZero();
    assertThat(registry.countRequests("PATCH", "/v2/token/mount-to/")).isZero();
  }

  private static String basic(String password) {
    return Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(UTF_8));
  }

  /** Polls (bounded) until the registry answers 401 to a blob HEAD with this Authorization. */
  private static void awaitRegistryRefuses(String authorization, ImageReference repo, Digest d) {
    Instant deadline = Instant.now().plus(TokenServer.REGISTRY_LEEWAY);
    String path = "/v2/" + repo.repository() + "/blobs/" + d;
    while (registry.status("HEAD", path, authorization) != 401) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the registry still accepts a token that should have expired");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void aFourMegabyteBlobGoesUpInOnePutWithTheTokenAlreadyHeld() throws Exception {
    ImageReference repo = repo("token/big");
    BlobSource blob = TestImages.randomBlob(4 << 20, 26);
    try (RegistryClient client = client(PASSWORD)) {
      assertThat(client.pushBlob(repo, blob, Optional.empty()).outcome())
          .isEqualTo(BlobPushResult.Outcome.UPLOADED);
    }
    // The upload PUT is authorized for push up front: no 401 that would make the 4 MB go twice.
    assertThat(registry.requests("PUT", "/v2/token/big/blobs/uploads/"))
        .hasSize(1)
        .allMatch(e -> e.status() == 201);
  }

  @Test
  void anUploadAfterAHeadAsksForItsPushScopeUpFrontAndMeetsNo401() throws Exception {
    ImageReference repo = repo("token/upfront");
    BlobSource blob = TestImages.randomBlob(10_000, 27);
    try (RegistryClient client = client(PASSWORD)) {
      assertThat(client.blobExists(repo, blob.digest())).isFalse();
      assertThat(client.pushBlob(repo, blob, Optional.empty()).outcome())
          .isEqualTo(BlobPushResult.Outcome.UPLOADED);
    }
    assertThat(registry.requests("POST", "/v2/token/upfront/blobs/uploads/"))
        .isNotEmpty()
        .noneMatch(e -> e.status() == 401);
  }
}
