package dev.slipway.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.Digest;
import dev.slipway.core.ImageReference;
import dev.slipway.core.Platform;
import dev.slipway.image.ImageLayer;
import dev.slipway.image.TargetImage;
import dev.slipway.registry.CredentialSource;
import dev.slipway.registry.RegistryClient;
import dev.slipway.registry.RegistryOptions;
import dev.slipway.testing.ImageTools;
import dev.slipway.testing.RegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushing a layer whose stored bytes are damaged, to a real registry: in one request the damage is
 * caught as the bytes stream and the upload never completes; in PATCH slices (which cannot be
 * hashed whole on the way) the registry refuses the upload and the local copy is hashed. Either way
 * the layer is made again once and pushed, and the registry holds good bytes.
 */
@Tag("integration")
class RegistryPublisherDamageIntegrationTest {
  private static final Platform AMD64 = Platform.of("linux", "amd64");
  private static RegistryServer registry;

  @TempDir Path tmp;
  private final List<String> warnings = new ArrayList<>();
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @BeforeAll
  static void startRegistry() {
    registry = RegistryServer.start();
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private RegistryOptions options() {
    return new RegistryOptions(
        Set.of(), 4, 3, Duration.ofMillis(10), CredentialSource.NONE, warnings::add);
  }

  @Test
  void aLayerDamagedInTheStoreIsCaughtAsItStreamsAndPushedAgainIntact() throws Exception {
    pushDamaged("damage/whole", options());
    // The damaged upload was cut short before its last bytes: the registry never judged it.
    assertThat(registry.requests("PUT", "/v2/damage/whole/blobs/uploads/"))
        .isNotEmpty()
        .noneMatch(exchange -> exchange.status() == 400);
  }

  @Test
  void aLayerDamagedInTheStoreAndSentInSlicesIsHashedWhenRefusedAndPushedAgainIntact()
      throws Exception {
    pushDamaged("damage/sliced", options().withChunking(16, 64));
  }

  private void pushDamaged(String repository, RegistryOptions options) throws Exception {
    TargetImage app = new TestTargets(tmp.resolve("cache")).target("app", AMD64);
    List<ImageLayer> layers = app.platforms().get(0).layers();
    FaultyLayers fetcher = new FaultyLayers().remember(layers);
    ImageLayer binary = layers.get(1);
    FaultyLayers.flip(binary.localFile());
    ImageReference repo = ImageReference.parse(registry.host() + "/" + repository + ":v1");

    try (RegistryClient client = RegistryClient.create(options)) {
      new RegistryPublisher(client, repo, List.of(), fetcher, pool, 1).publish(List.of(app));
    }

    assertThat(fetcher.repaired).containsExactly(binary.descriptor().digest());
    Digest digest = binary.descriptor().digest();
    assertThat(Digest.sha256Of(Files.readAllBytes(registry.blobData(digest.hex()))))
        .isEqualTo(digest);
    ImageTools.pull(repo.toString(), tmp.resolve("pulled"), "v1"); // skopeo checks every digest
  }
}
