package dev.slipway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChallengeTest {
  @Test
  void bearerChallengeYieldsRealmServiceAndScope() {
    assertThat(
            Challenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                    + "scope=\"repository:library/alpine:pull\""))
        .containsExactly(
            new Challenge(
                "Bearer",
                Map.of(
                    "realm", "https://auth.docker.io/token",
                    "service", "registry.docker.io",
                    "scope", "repository:library/alpine:pull")));
  }

  @Test
  void unquotedValuesSpacesAndEscapesAreTolerated() {
    assertThat(Challenge.parse("bearer  Realm = https://a/token , service=\"x\\\"y\""))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.isBearer()).isTrue();
              assertThat(c.param("realm")).contains("https://a/token");
              assertThat(c.param("service")).contains("x\"y");
            });
  }

  @Test
  void bearerIsPreferredWhenSeveralChallengesAreOffered() {
    assertThat(Challenge.select(List.of("Basic realm=\"r\", Bearer realm=\"https://t\"")))
        .hasValueSatisfying(c -> assertThat(c.param("realm")).contains("https://t"));
    assertThat(Challenge.select(List.of("Basic realm=\"Registry Realm\"")))
        .hasValueSatisfying(c -> assertThat(c.isBasic()).isTrue());
    assertThat(Challenge.select(List.of("Negotiate"))).isEmpty();
  }
}
