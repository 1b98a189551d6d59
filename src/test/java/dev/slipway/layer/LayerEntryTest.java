package dev.slipway.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LayerEntryTest {
  @Test
  void leadingSlashIsDroppedFromThePath() {
    assertThat(LayerEntry.directory("/app", 0755).path()).isEqualTo("app");
    assertThat(LayerEntry.directory("etc/ssl", 0755).path()).isEqualTo("etc/ssl");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"../etc/passwd", "/app/../../x", "a//b", "a/./b", "a/", "/", "", "a\0b", "a\nb"})
  void unsafeOrMalformedPathsAreRejected(String path) {
    assertThatThrownBy(() -> LayerEntry.file(path, 0644, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void modeMustFitInPermissionBits() {
    assertThat(LayerEntry.directory("tmp", 01777).mode()).isEqualTo(01777);
    assertThatThrownBy(() -> LayerEntry.directory("tmp", 010000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("07777");
    assertThatThrownBy(() -> LayerEntry.directory("tmp", -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void symlinkClimbingAboveTheRootIsRejected() {
    assertThat(LayerEntry.symlink("usr/lib/x", "../../bin/y").linkTarget())
        .isEqualTo("../../bin/y");
    assertThatThrownBy(() -> LayerEntry.symlink("usr/lib/x", "../../../etc/shadow"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("escapes");
    assertThatThrownBy(() -> LayerEntry.absoluteSymlink("x", "a/../../y"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void absoluteSymlinkTargetsNeedTheExplicitFactory() {
    assertThatThrownBy(() -> LayerEntry.symlink("bin/sh", "/bin/busybox"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absoluteSymlink");
    assertThat(LayerEntry.absoluteSymlink("bin/sh", "/bin/busybox").linkTarget())
        .isEqualTo("/bin/busybox");
  }

  @Test
  void withOwnerKeepsEverythingElse() {
    LayerEntry e = LayerEntry.directory("/home/nonroot", 0700).withOwner(65532, 65532);
    assertThat(e.uid()).isEqualTo(65532);
    assertThat(e.gid()).isEqualTo(65532);
    assertThat(e.mode()).isEqualTo(0700);
    assertThat(e.path()).isEqualTo("home/nonroot");
  }

  @Test
  void onlyFilesHaveContentAndOnlySymlinksHaveTargets() {
    assertThatThrownBy(() -> new LayerEntry("a", LayerEntry.Type.DIRECTORY, 0755, 0, 0, null, "b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LayerEntry("a", LayerEntry.Type.FILE, 0644, 0, 0, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void compressionParsesOnlyKnownNames() {
    assertThat(Compression.parse("zstd")).isEqualTo(Compression.ZSTD);
    assertThat(Compression.parse("GZIP")).isEqualTo(Compression.GZIP);
    assertThat(Compression.ZSTD.mediaType())
        .isEqualTo("application/vnd.oci.image.layer.v1.tar+zstd");
    assertThatThrownBy(() -> Compression.parse("xz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gzip, zstd");
  }
}
