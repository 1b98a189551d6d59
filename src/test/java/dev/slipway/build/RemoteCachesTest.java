package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteCachesTest {
  @Test
  void flagsWinOverTheEnvironment() {
    assertThat(RemoteCaches.urls(List.of("redis://a:1"), Map.of(RemoteCaches.ENV, "redis://b:2")))
        .containsExactly("redis://a:1");
  }

  @Test
  void environmentSplitsOnWhitespaceAndOnCommasBeforeASchemeButKeepsClusterSeedsTogether() {
    String env =
        " redis://a:7000,b:7001,c:7002/0?ttl=7d,https://cache.example.com/x \n oci://r.example.com/c ,"
            + " rediss://d:6380";
    assertThat(RemoteCaches.urls(List.of(), Map.of(RemoteCaches.ENV, env)))
        .containsExactly(
            "redis://a:7000,b:7001,c:7002/0?ttl=7d",
            "https://cache.example.com/x",
            "oci://r.example.com/c",
            "rediss://d:6380");
    assertThat(RemoteCaches.urls(List.of(), Map.of(RemoteCaches.ENV, "  "))).isEmpty();
    assertThat(RemoteCaches.urls(List.of(), Map.of())).isEmpty();
  }
}
