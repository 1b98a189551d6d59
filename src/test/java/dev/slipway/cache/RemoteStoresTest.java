package dev.slipway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteStoresTest {
  @Test
  void httpUrlBecomesABazelRemoteStoreNamedWithoutCredentials() throws Exception {
    try (RemoteStore store =
        RemoteStores.parse("https://ci:tok3n-x@cache.example.com:8443/team/a/", Map.of())) {
      assertThat(store).isInstanceOf(HttpStore.class);
      assertThat(store.name()).isEqualTo("https://cache.example.com:8443/team/a");
    }
  }

  @Test
  void redisUrlKeepsHostPortAndDatabaseButNotThePassword() throws Exception {
    try (RemoteStore store =
        RemoteStores.parse("redis://user:hunter2-pw@10.0.0.5:6379/3?ttl=7d", Map.of())) {
      assertThat(store).isInstanceOf(RedisStore.class);
      assertThat(store.name()).isEqualTo("redis://10.0.0.5:6379/3");
    }
    try (RemoteStore tls = RemoteStores.parse("rediss://redis.example.com:6380", Map.of())) {
      assertThat(tls.name()).isEqualTo("rediss://redis.example.com:6380");
    }
  }

  @Test
  void severalRedisHostsAreClusterSeedsNamedWithoutThePassword() throws Exception {
    RedisUrl url =
        RedisUrl.parse(
            java.net.URI.create(
                "rediss://u:hunter2-pw@10.0.0.5:7000,10.0.0.6:7001,cache-3:7002?ttl=1d"),
            Map.of());
    assertThat(url.cluster()).isEqualTo(RedisUrl.Cluster.YES);
    assertThat(url.seeds()).hasSize(3);
    assertThat(url.tls()).isTrue();
    assertThat(url.user()).isEqualTo("u");
    assertThat(url.name()).isEqualTo("rediss://10.0.0.5:7000,10.0.0.6:7001,cache-3:7002");
    assertThat(url.toString()).doesNotContain("hunter2-pw");
    assertThat(RedisUrl.parse(java.net.URI.create("redis://h:1"), Map.of()).cluster())
        .isEqualTo(RedisUrl.Cluster.AUTO);
    assertThat(RedisUrl.parse(java.net.URI.create("redis://[::1]:6379/1"), Map.of()).name())
        .isEqualTo("redis://[::1]:6379/1");
    assertThat(RedisUrl.parse(java.net.URI.create("redis://h:1/2?cluster=no"), Map.of()).cluster())
        .isEqualTo(RedisUrl.Cluster.NO);
    try (RemoteStore store =
        RemoteStores.parse("redis://:hunter2-pw@a:7000,b:7001/0?cluster=true", Map.of())) {
      assertThat(store.name()).isEqualTo("redis://a:7000,b:7001");
    }
  }

  @Test
  void malformedUrlsAreRejectedWithoutTheirPassword() {
    for (String url :
        new String[] {
          "redis://:hunter2-pw@host:6379/notadb",
          "redis://:hunter2-pw@host",
          "redis://:hunter2-pw@host:6379?ttl=soon",
          "redis://:hunter2-pw@host:6379?colour=blue",
          "redis://:hunter2-pw@host:6379/1?cluster=true",
          "redis://:hunter2-pw@a:7000,b:7001/1",
          "redis://:hunter2-pw@a:7000,b:7001?cluster=false",
          "redis://:hunter2-pw@a:7000,b?cluster=true",
          "redis://:hunter2-pw@a:7000,:7001",
          "redis://:hunter2-pw@a:7000?cluster=maybe",
          "redis://:hunter2-pw@a:99999",
          "ftp://me:hunter2-pw@host/x",
          "http://me:hunter2-pw@cache.example.com/x",
          "http://me:hunter2-pw@ho st/x",
          "redis://:hunter2-pw@/x"
        }) {
      assertThatThrownBy(() -> RemoteStores.parse(url, Map.of()))
          .as(url)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("invalid cache URL ")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2-pw"));
    }
  }

  @Test
  void aCaFileIsForTlsAndMustHoldACertificateAndIsNamedWhenItCannotBeRead(@TempDir Path dir)
      throws Exception {
    Path missing = dir.resolve("missing.pem");
    Path empty = Files.writeString(dir.resolve("empty.pem"), "no certificate here\n");
    assertThatThrownBy(() -> RemoteStores.parse("redis://h:6379?cacert=" + empty, Map.of()))
        .hasMessageStartingWith("invalid cache URL redis://h:6379")
        .hasMessageContaining("cacert= is for TLS: use rediss://");
    assertThatThrownBy(() -> RemoteStores.parse("rediss://h:6380?cacert=" + missing, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot read CA certificates from " + missing);
    assertThatThrownBy(() -> RemoteStores.parse("rediss://h:6380?cacert=" + empty, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(empty.toString());
  }

  @Test
  void ociUrlBecomesARegistryStoreNamedWithoutCredentials() throws Exception {
    try (RemoteStore store =
        RemoteStores.parse("oci://ci:hunter2-pw@registry.example.com/team/cache", Map.of())) {
      assertThat(store).isInstanceOf(OciStore.class);
      assertThat(store.name()).isEqualTo("oci://registry.example.com/team/cache");
    }
    assertThatThrownBy(() -> RemoteStores.parse("oci://:hunter2-pw@registry.example.com", Map.of()))
        .hasMessageContaining("repository")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2-pw"));
  }

  @Test
  void longActionKeysBecomeValidTags() {
    assertThat(OciManifests.tag("ab")).isEqualTo("ac-ab");
    assertThat(OciManifests.tag("x".repeat(200))).hasSize(67).startsWith("ac-");
  }

  @Test
  void credentialsOverPlainHttpAreOnlySentToLoopback() throws Exception {
    try (RemoteStore store =
        RemoteStores.parse(
            "http://127.0.0.1:9090/c", Map.of(RemoteStores.PASSWORD_ENV, "hunter2-pw"))) {
      assertThat(store.name()).isEqualTo("http://127.0.0.1:9090/c");
    }
    assertThatThrownBy(
            () ->
                RemoteStores.parse(
                    "http://cache.example.com/c", Map.of(RemoteStores.PASSWORD_ENV, "hunter2-pw")))
        .hasMessageContaining("https://");
  }

  @Test
  void modeRoOnAnyBackendOpensItReadOnlyUnderTheSameName() throws Exception {
    String[][] cases = {
      {"redis://:hunter2-pw@10.0.0.5:6379/2?mode=ro&ttl=7d", "redis://10.0.0.5:6379/2"},
      {"redis://a:7000,b:7001?cluster=true&mode=RO", "redis://a:7000,b:7001"},
      {"https://ci:hunter2-pw@cache.example.com/team?mode=ro", "https://cache.example.com/team"},
      {"oci://registry.example.com/team/cache?insecure=true&mode=ro", null},
      {"oci://127.0.0.1:5000/cache?mode=ro", "oci://127.0.0.1:5000/cache"}
    };
    for (String[] c : cases) {
      try (RemoteStore store = RemoteStores.parse(c[0], Map.of())) {
        assertThat(store.readOnly()).as(c[0]).isTrue();
        if (c[1] != null) {
          assertThat(store.name()).isEqualTo(c[1]);
        }
      }
    }
    for (String url :
        new String[] {
          "redis://h:6379?mode=rw", "https://cache.example.com/t?mode=rw", "oci://h/c?mode=rw"
        }) {
      try (RemoteStore store = RemoteStores.parse(url, Map.of())) {
        assertThat(store.readOnly()).as(url).isFalse();
        assertThat(store.name()).doesNotContain("mode");
      }
    }
  }

  @Test
  void aModeOtherThanRoOrRwIsRejectedWithoutThePassword() {
    for (String url :
        new String[] {
          "redis://:hunter2-pw@h:6379?mode=readonly",
          "https://ci:hunter2-pw@cache.example.com/t?mode=",
          "oci://ci:hunter2-pw@h/c?mode=wo"
        }) {
      assertThatThrownBy(() -> RemoteStores.parse(url, Map.of()))
          .as(url)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("invalid cache URL ")
          .hasMessageContaining("mode must be ro")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2-pw"));
    }
    assertThatThrownBy(() -> RemoteStores.parse("https://h/t?mode=ro&x=1", Map.of()))
        .hasMessageContaining("no query (but mode=)");
  }

  @Test
  void takingAQueryParameterKeepsTheRestOfTheUrl() {
    assertThat(CacheUrls.take("redis://h:1/2?ttl=7d&mode=ro&cluster=no", "mode"))
        .isEqualTo(new CacheUrls.Taken("redis://h:1/2?ttl=7d&cluster=no", "ro"));
    assertThat(CacheUrls.take("https://h/p?mode=ro", "mode"))
        .isEqualTo(new CacheUrls.Taken("https://h/p", "ro"));
    assertThat(CacheUrls.take("https://h/p?mode=rw#f", "mode"))
        .isEqualTo(new CacheUrls.Taken("https://h/p#f", "rw"));
    assertThat(CacheUrls.take("oci://h/c", "mode"))
        .isEqualTo(new CacheUrls.Taken("oci://h/c", null));
  }

  @Test
  void durationsAcceptSecondsMinutesHoursAndDays() {
    assertThat(CacheUrls.duration("90").toSeconds()).isEqualTo(90);
    assertThat(CacheUrls.duration("15m").toMinutes()).isEqualTo(15);
    assertThat(CacheUrls.duration("12h").toHours()).isEqualTo(12);
    assertThat(CacheUrls.duration("7d").toDays()).isEqualTo(7);
  }
}
