package dev.slipway.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.UsageException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushgatewayTest {
  @Test
  void groupingLabelsAreBase64UrlSegmentsUnderJobSlipway() throws Exception {
    Pushgateway g = Pushgateway.parse("--pushgateway", "http://127.0.0.1:9091/");
    Map<String, String> grouping = new LinkedHashMap<>();
    grouping.put("repository", "127.0.0.1:5000/team/app");
    String encoded =
        Base64.getUrlEncoder()
            .encodeToString("127.0.0.1:5000/team/app".getBytes(StandardCharsets.UTF_8));
    assertThat(g.groupUri(grouping).toString())
        .isEqualTo("http://127.0.0.1:9091/metrics/job/slipway/repository@base64/" + encoded);
  }

  @Test
  void aUrlThatNamesItsOwnGroupIsUsedAsGiven() throws Exception {
    Pushgateway g = Pushgateway.parse("--pushgateway", "http://gw:9091/metrics/job/ci/branch/main");
    assertThat(g.groupUri(Map.of("repository", "x")).toString())
        .isEqualTo("http://gw:9091/metrics/job/ci/branch/main");
  }

  @Test
  void credentialsAreNeverPartOfWhatIsShown() throws Exception {
    Pushgateway g = Pushgateway.parse("--pushgateway", "https://ci:p%40ss@gw.internal:9091");
    assertThat(g.toString()).isEqualTo("https://gw.internal:9091");
    assertThat(g.groupUri(Map.of()).toString()).doesNotContain("ci").doesNotContain("p%40ss");
  }

  @Test
  void badUrlsAreUsageErrorsNamingTheFlagButNotThePassword() {
    assertThatThrownBy(() -> Pushgateway.parse("--pushgateway", "ftp://u:secret@gw:21"))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--pushgateway")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> Pushgateway.parse("--pushgateway", "gw:9091"))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--pushgateway");
    assertThatThrownBy(() -> Pushgateway.parse("--pushgateway", "http://gw:9091/?a=b"))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--pushgateway");
    assertThatThrownBy(() -> Pushgateway.parse("--pushgateway", "http://bad host"))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--pushgateway");
  }
}
