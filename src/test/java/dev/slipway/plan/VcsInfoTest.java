package dev.slipway.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VcsInfoTest {
  @Test
  void everyRemoteFormBecomesALinkableUrlWithoutCredentials() {
    assertThat(VcsInfo.sourceUrl("git@github.com:team/svc.git"))
        .hasValue("https://github.com/team/svc.git");
    assertThat(VcsInfo.sourceUrl("ssh://git@git.example.com:2222/team/svc.git"))
        .hasValue("https://git.example.com/team/svc.git");
    assertThat(VcsInfo.sourceUrl("git://git.example.com/team/svc"))
        .hasValue("https://git.example.com/team/svc");
    assertThat(VcsInfo.sourceUrl("https://ci-user:tok3n@git.example.com/team/svc.git"))
        .hasValue("https://git.example.com/team/svc.git");
    assertThat(VcsInfo.sourceUrl("https://git.example.com:8443/team/svc"))
        .hasValue("https://git.example.com:8443/team/svc");
    assertThat(VcsInfo.sourceUrl("http://git.internal/team/svc"))
        .hasValue("http://git.internal/team/svc");
  }

  @Test
  void aLocalPathIsNoPlaceAnyoneCanVisit() {
    assertThat(VcsInfo.sourceUrl("/srv/git/svc.git")).isEmpty();
    assertThat(VcsInfo.sourceUrl("../svc")).isEmpty();
    assertThat(VcsInfo.sourceUrl("file:///srv/git/svc.git")).isEmpty();
    assertThat(VcsInfo.sourceUrl("")).isEmpty();
  }
}
