package dev.slipway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.slipway.core.Digest;
import dev.slipway.testing.NginxCacheServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class HttpStoreIntegrationTest extends RemoteStoreContract {
  private static NginxCacheServer nginx;

  @BeforeAll
  static void startNginx() {
    nginx = NginxCacheServer.start();
  }

  @AfterAll
  static void stopNginx() {
    nginx.close();
  }

  @Override
  String url() {
    return nginx.url("/cache/" + getClass().getSimpleName() + "-" + tmp.getFileName());
  }

  @Override
  String downUrl() {
    return "http://127.0.0.1:" + closedPort() + "/cache";
  }

  @Override
  void corruptBlob(Digest digest, byte[] garbage) {
    assertThat(nginx.put(prefix() + "/cas/" + digest.hex(), garbage)).isBetween(200, 299);
  }

  @Override
  byte[] storedBlob(Digest digest) {
    return nginx.stored(prefix() + "/cas/" + digest.hex());
  }

  private String prefix() {
    return url().substring(nginx.url("").length());
  }

  @Test
  void recordsAndBodiesLiveUnderTheBazelRemotePaths() throws Exception {
    TieredCache cache = runner("one");
    Hit hit = put(cache, key(7), "seven");
    assertThat(cache.flush(Duration.ofSeconds(30))).isTrue();

    assertThat(ActionRecord.parse(nginx.stored(prefix() + "/ac/" + key(7))))
        .isEqualTo(hit.record());
    assertThat(nginx.stored(prefix() + "/cas/" + hit.record().blob().hex()))
        .isEqualTo("seven".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void secondRemoteAnswersWhenTheFirstMissesAndTheLocalTierIsFilled() throws Exception {
    String other = url() + "-other";
    TieredCache writer = runner("writer", other, TieredCache.Settings.DEFAULT);
    put(writer, key(3), "from the second remote");
    assertThat(writer.flush(Duration.ofSeconds(30))).isTrue();

    TieredCache cache =
        new TieredCache(
            new LocalCache(tmp.resolve("two")),
            List.of(RemoteStores.parse(url(), Map.of()), RemoteStores.parse(other, Map.of())),
            warnings::add);
    try (cache) {
      Hit hit = cache.get(key(3)).orElseThrow();
      assertThat(hit.tier()).isEqualTo(other);
      assertThat(cache.get(key(3)).orElseThrow().tier()).isEqualTo("local");
      assertThat(cache.stats())
          .extracting(TierStats::hits, TierStats::misses)
          .containsExactly(tuple(1L, 1L), tuple(0L, 1L), tuple(1L, 0L));
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void credentialsInTheUrlNeverReachNamesOrWarnings() throws Exception {
    String password = "http-pw-never-printed";
    TieredCache cache =
        runner(
            "secret",
            "http://ci:" + password + "@127.0.0.1:" + closedPort() + "/cache",
            TieredCache.Settings.DEFAULT);
    put(cache, key(1), "body");
    assertThat(cache.get(key(2))).isEmpty();
    cache.flush(Duration.ofSeconds(30));

    assertThat(warnings).singleElement().asString().doesNotContain(password).doesNotContain("ci:");
    assertThat(cache.stats()).allSatisfy(s -> assertThat(s.tier()).doesNotContain(password));
  }

  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
