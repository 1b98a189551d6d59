package dev.slipway.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KodataLayerTest {
  @TempDir Path tmp;

  @Test
  void absentOrEmptyKodataGivesNoLayer() throws Exception {
    assertThat(KodataLayer.entries(tmp.resolve("kodata"))).isEmpty();
    assertThat(KodataLayer.entries(Files.createDirectory(tmp.resolve("kodata")))).isEmpty();
  }

  @Test
  void filesLandUnderVarRunKoWithNormalisedModes() throws Exception {
    Path kodata = Files.createDirectories(tmp.resolve("kodata/static"));
    Path page = Files.writeString(kodata.resolve("index.html"), "<h1>hi</h1>");
    Files.setPosixFilePermissions(page, PosixFilePermissions.fromString("rw-------"));
    Path script = Files.writeString(kodata.resolve("run.sh"), "#!/bin/sh");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Files.createSymbolicLink(tmp.resolve("kodata/alias.html"), Path.of("static/index.html"));

    Map<String, Tars.Read> tar =
        Tars.read(Tars.tar(KodataLayer.entries(tmp.resolve("kodata")).get()));

    assertThat(tar.keySet())
        .containsExactly(
            "var/",
            "var/run/",
            "var/run/ko/",
            "var/run/ko/alias.html",
            "var/run/ko/static/",
            "var/run/ko/static/index.html",
            "var/run/ko/static/run.sh");
    assertThat(tar.get("var/run/ko/static/index.html").entry().getMode()).isEqualTo(0644);
    assertThat(tar.get("var/run/ko/static/run.sh").entry().getMode()).isEqualTo(0755);
    assertThat(tar.get("var/run/ko/static/").entry().getMode()).isEqualTo(0755);
    assertThat(tar.get("var/run/ko/alias.html").content()).asString().isEqualTo("<h1>hi</h1>");
    assertThat(tar.get("var/run/ko/alias.html").entry().isSymbolicLink()).isFalse();
  }

  @Test
  void symlinkEscapingKodataIsRejectedByName() throws Exception {
    Path kodata = Files.createDirectory(tmp.resolve("kodata"));
    Path secret = Files.writeString(tmp.resolve("secret"), "token");
    Files.createSymbolicLink(kodata.resolve("leak"), secret);

    assertThatThrownBy(() -> KodataLayer.entries(kodata))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(kodata.resolve("leak").toString())
        .hasMessageContaining("outside the kodata directory");
  }

  @Test
  void relativeSymlinkClimbingOutIsRejectedToo() throws Exception {
    Path kodata = Files.createDirectories(tmp.resolve("kodata/sub"));
    Files.createSymbolicLink(kodata.resolve("up"), Path.of("../.."));
    assertThatThrownBy(() -> KodataLayer.entries(tmp.resolve("kodata")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("up");
  }

  @Test
  void symlinkCycleIsRejected() throws Exception {
    Path sub = Files.createDirectories(tmp.resolve("kodata/sub"));
    Files.writeString(sub.resolve("f"), "x");
    Files.createSymbolicLink(sub.resolve("loop"), Path.of(".."));
    assertThatThrownBy(() -> KodataLayer.entries(tmp.resolve("kodata")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("cycle");
  }

  @Test
  void danglingSymlinkIsRejected() throws Exception {
    Path kodata = Files.createDirectory(tmp.resolve("kodata"));
    Files.createSymbolicLink(kodata.resolve("gone"), Path.of("missing"));
    assertThatThrownBy(() -> KodataLayer.entries(kodata))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("points at nothing");
  }
}
