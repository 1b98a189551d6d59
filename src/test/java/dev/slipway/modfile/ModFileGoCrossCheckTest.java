package dev.slipway.modfile;

import static dev.slipway.modfile.Samples.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.UsageException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real go (offline, about 10 ms a run) judges: same data for good files, same words for bad.
 */
class ModFileGoCrossCheckTest {
  @TempDir Path dir;

  static Stream<String> valid() {
    return Samples.VALID.stream();
  }

  static Stream<BadModFiles.Case> bad() {
    return BadModFiles.SAME_AS_GO.stream();
  }

  @ParameterizedTest
  @MethodSource("valid")
  void goodFilesReadAsGoModEditReadsThem(String content) throws Exception {
    GoCommand.Result go = GoCommand.modEditJson(dir, bytes(content));
    assertThat(go.error()).isEmpty();

    ModFile ours = ModFile.parse("go.mod", bytes(content));

    assertThat(GoJson.of(ours)).isEqualTo(GoJson.normalize(go.json()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void badFilesFailWithGosMessage(BadModFiles.Case c) {
    String name = dir.resolve("go.mod").toString();
    GoCommand.Result go = GoCommand.modEditJson(dir, bytes(c.content()));
    assertThat(go.ok()).isFalse();

    String ours;
    try {
      ModFile.parse(name, bytes(c.content()));
      ours = "(accepted)";
    } catch (UsageException e) {
      ours = e.getMessage();
    }

    assertThat("go: errors parsing go.mod:\n" + ours + "\n").isEqualTo(go.error());
    assertThat(ours).isEqualTo(c.message().replace("go.mod", name));
  }
}
