package dev.slipway.layer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticBaseLayerTest {
  @TempDir Path tmp;

  @Test
  void baseHasNonrootUserWritableTmpAndTheGivenCaBundle() throws Exception {
    Map<String, Tars.Read> tar = Tars.read(Tars.tar(StaticBaseLayer.entries("CA".getBytes(UTF_8))));

    assertThat(tar.get("etc/passwd").content())
        .asString()
        .contains("nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin")
        .startsWith("root:x:0:0:root:/root:/sbin/nologin\n");
    assertThat(tar.get("etc/group").content()).asString().contains("nonroot:x:65532:");
    assertThat(tar.get("etc/nsswitch.conf").content()).asString().isEqualTo("hosts: files dns\n");
    assertThat(tar.get("etc/ssl/certs/ca-certificates.crt").content()).asString().isEqualTo("CA");
    assertThat(tar.get("etc/ssl/certs/ca-certificates.crt").entry().getMode()).isEqualTo(0644);
    TarArchiveEntry tmpDir = tar.get("tmp/").entry();
    assertThat(tmpDir.getMode()).isEqualTo(01777);
    TarArchiveEntry home = tar.get("home/nonroot/").entry();
    assertThat(home.getMode()).isEqualTo(0700);
    assertThat(home.getLongUserId()).isEqualTo(StaticBaseLayer.NONROOT);
    assertThat(home.getLongGroupId()).isEqualTo(StaticBaseLayer.NONROOT);
    assertThat(tar.get("root/").entry().getMode()).isEqualTo(0700);
  }

  @Test
  void hostCaBundleIsTheFirstCandidateThatExists() throws Exception {
    Path second = Files.writeString(tmp.resolve("b.pem"), "B");
    Files.writeString(tmp.resolve("c.pem"), "C");
    byte[] bundle =
        StaticBaseLayer.hostCaBundle(List.of(tmp.resolve("a.pem"), second, tmp.resolve("c.pem")));
    assertThat(bundle).asString().isEqualTo("B");
  }

  @Test
  void noHostCaBundleTellsTheUserWhatToPass() {
    assertThatThrownBy(() -> StaticBaseLayer.hostCaBundle(List.of(tmp.resolve("none.pem"))))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--ca-bundle FILE");
  }
}
