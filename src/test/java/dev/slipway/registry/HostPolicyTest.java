package dev.slipway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostPolicyTest {
  private final HostPolicy policy = new HostPolicy(Set.of("build.lan:5000", "cache.lan"));

  @Test
  void loopbackAndNamedInsecureHostsUsePlainHttp() {
    assertThat(policy.scheme("127.0.0.1:5000")).isEqualTo("http");
    assertThat(policy.scheme("localhost:5000")).isEqualTo("http");
    assertThat(policy.scheme("[::1]:5000")).isEqualTo("http");
    assertThat(policy.scheme("build.lan:5000")).isEqualTo("http");
    assertThat(policy.scheme("cache.lan:443")).isEqualTo("http");
  }

  @Test
  void everythingElseIsHttpsIncludingNamesThatOnlyLookLikeLoopback() {
    assertThat(policy.scheme("ghcr.io")).isEqualTo("https");
    assertThat(policy.scheme("build.lan:5001")).isEqualTo("https");
    assertThat(policy.scheme("127.evil.example")).isEqualTo("https");
  }

  @Test
  void credentialsGoOverPlainHttpOnlyToAllowedHosts() {
    assertThat(policy.mayReceiveCredentials(URI.create("https://ghcr.io/token"))).isTrue();
    assertThat(policy.mayReceiveCredentials(URI.create("http://127.0.0.1:5000/v2/"))).isTrue();
    assertThat(policy.mayReceiveCredentials(URI.create("http://build.lan:5000/v2/"))).isTrue();
    assertThat(policy.mayReceiveCredentials(URI.create("http://auth.example/token"))).isFalse();
  }
}
