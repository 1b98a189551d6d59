package dev.slipway.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void requestStringShowsNeitherHeadersNorQuery() {
    Request request =
        Request.of(
                "PUT",
                URI.create("https://user:pw@reg.example/v2/app/blobs/uploads/1?_state=abc&sig=xyz"))
            .withHeader("Authorization", "Basic dXNlcjpwdw==");
    assertThat(request.toString())
        .isEqualTo("PUT https://reg.example/v2/app/blobs/uploads/1?…")
        .doesNotContain("dXNlcjpwdw", "pw@", "sig=");
    assertThat(request.headers().toString()).isEqualTo("Headers[Authorization]");
  }
}
