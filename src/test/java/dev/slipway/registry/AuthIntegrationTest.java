package dev.slipway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.BlobSource;
import dev.slipway.core.ImageReference;
import dev.slipway.core.RegistryException;
import dev.slipway.testing.RegistryServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class AuthIntegrationTest {
  private static final String USER = "ci";
  private static final String PASSWORD = "s3cret-Pa55word";
  private static RegistryServer registry;
  private final List<String> warnings = new ArrayList<>();

  @BeforeAll
  static void startRegistry() {
    registry = RegistryServer.startWithHtpasswd(USER, PASSWORD);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  private RegistryClient client(Credential credential) {
    return RegistryClient.create(
        TestImages.options(warnings)
            .withCredentials(CredentialSource.fixed(registry.host(), credential)));
  }

  @Test
  void rightCredentialsPushAndReadBack() throws Exception {
    ImageReference repo = ImageReference.parse(registry.host() + "/auth/ok");
    BlobSource blob = TestImages.randomBlob(5_000, 11);
    try (RegistryClient client = client(new Credential(USER, PASSWORD))) {
      assertThat(client.pushBlob(repo, blob, Optional.empty()).outcome())
          .isEqualTo(BlobPushResult.Outcome.UPLOADED);
      assertThat(client.blobExists(repo, blob.digest())).isTrue();
    }
    // The challenge is learned once; later requests authenticate up front.
    assertThat(
            registry.requests().stream()
                .filter(e -> e.target().startsWith("/v2/auth/ok/") && e.status() == 401))
        .hasSize(1);
  }

  @Test
  void wrongPasswordFailsWithAuthenticationMessageThatHidesThePassword() {
    ImageReference repo = ImageReference.parse(registry.host() + "/auth/wrong");
    try (RegistryClient client = client(new Credential(USER, "not-" + PASSWORD))) {
      assertThatThrownBy(
              () -> client.pushBlob(repo, TestImages.randomBlob(10, 12), Optional.empty()))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("authentication to " + registry.host() + " failed for auth/wrong")
          .hasMessageNotContaining(PASSWORD)
          .hasMessageNotContaining("Basic ");
    }
  }

  @Test
  void anonymousAccessToProtectedRegistryFailsWithAuthenticationMessage() {
    ImageReference repo = ImageReference.parse(registry.host() + "/auth/anon");
    try (RegistryClient client = RegistryClient.create(TestImages.options(warnings))) {
      assertThatThrownBy(() -> client.headManifest(repo.withTag("latest")))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("authentication");
    }
  }
}
