package dev.slipway.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class LocationsTest {
  private static final URI POST = URI.create("https://reg.example:5000/v2/app/blobs/uploads/");

  @Test
  void relativeLocationResolvesAgainstTheRequestUrl() {
    assertThat(Locations.resolve(POST, "/v2/app/blobs/uploads/abc?_state=x%3D"))
        .isEqualTo(URI.create("https://reg.example:5000/v2/app/blobs/uploads/abc?_state=x%3D"));
  }

  @Test
  void absoluteLocationOnAnotherHostIsKeptUnchanged() {
    assertThat(Locations.resolve(POST, "https://storage.example/up/1?sig=abc"))
        .isEqualTo(URI.create("https://storage.example/up/1?sig=abc"));
  }

  @Test
  void queryParameterIsAppendedWithAmpersandWhenAQueryExists() {
    URI location = URI.create("https://reg.example/v2/app/blobs/uploads/abc?_state=x%3D%3D");
    assertThat(Locations.withQueryParam(location, "digest", "sha256:00ff").toString())
        .isEqualTo(
            "https://reg.example/v2/app/blobs/uploads/abc?_state=x%3D%3D&digest=sha256%3A00ff");
  }

  @Test
  void queryParameterStartsTheQueryWhenThereIsNone() {
    URI location = URI.create("https://reg.example/v2/app/blobs/uploads/abc");
    assertThat(Locations.withQueryParam(location, "digest", "sha256:00").toString())
        .isEqualTo("https://reg.example/v2/app/blobs/uploads/abc?digest=sha256%3A00");
  }
}
