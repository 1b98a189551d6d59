package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarWatchTest {
  @TempDir Path tmp;

  @Test
  void aJarReplacedByARebuildIsSeenAndAnUntouchedOneIsNot() throws Exception {
    Path jar = Files.writeString(tmp.resolve("slipway.jar"), "one");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
    JarWatch watch = JarWatch.of(jar);

    assertThat(watch.changed()).isFalse();

    // What a rebuild does: a new file of the same size renamed over the old one.
    Path rebuilt = Files.writeString(tmp.resolve("new.jar"), "two");
    Files.move(rebuilt, jar, StandardCopyOption.REPLACE_EXISTING);
    assertThat(watch.changed()).isTrue();
  }

  @Test
  void aJarThatIsGoneCountsAsChangedAndClassesOutsideAJarAreNeverWatched() throws Exception {
    Path jar = Files.writeString(tmp.resolve("slipway.jar"), "one");
    JarWatch watch = JarWatch.of(jar);
    Files.delete(jar);

    assertThat(watch.changed()).isTrue();
    assertThat(JarWatch.of(tmp).changed()).isFalse();
    assertThat(JarWatch.NONE.changed()).isFalse();
  }
}
