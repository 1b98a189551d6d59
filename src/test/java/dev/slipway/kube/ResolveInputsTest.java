package dev.slipway.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.UsageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolveInputsTest {
  @TempDir Path dir;

  private Path config;

  private static final InputStream NO_STDIN = InputStream.nullInputStream();

  @BeforeEach
  void layOutAConfigDirectory() throws IOException {
    config = dir.resolve("config");
    write("config/b.yaml", "b: 1\n");
    write("config/a.json", "{\"a\": 1}\n");
    write("config/B.yaml", "B: 1\n");
    write("config/.hidden.yaml", "hidden: 1\n");
    write("config/c.yml", "yml: 1\n");
    write("config/d.YAML", "upper: 1\n");
    write("config/notes.txt", "text\n");
    write("config/am/x.yaml", "x: 1\n");
    write("config/am/deeper/y.json", "{}\n");
    write("config/zz/z.yaml", "z: 1\n");
  }

  private void write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private String at(String name) {
    return dir.resolve(name).toString();
  }

  @Test
  void aDirectoryGivesItsYamlAndJsonFilesInByteOrderButNotItsSubdirectories() throws Exception {
    assertThat(ResolveInputs.enumerate(dir, List.of(config.toString()), false))
        .containsExactly(
            at("config/.hidden.yaml"),
            at("config/B.yaml"),
            at("config/a.json"),
            at("config/b.yaml"));
  }

  @Test
  void recursiveWalksSubdirectoriesDepthFirstWhereTheirNamesSort() throws Exception {
    assertThat(ResolveInputs.enumerate(dir, List.of(config.toString()), true))
        .containsExactly(
            at("config/.hidden.yaml"),
            at("config/B.yaml"),
            at("config/a.json"),
            at("config/am/deeper/y.json"),
            at("config/am/x.yaml"),
            at("config/b.yaml"),
            at("config/zz/z.yaml"));
  }

  @Test
  void aNamedFileIsReadWhateverItsExtensionAndEachFlagKeepsItsPlace() throws Exception {
    List<String> files =
        ResolveInputs.enumerate(
            dir, List.of(at("config/notes.txt"), "-", at("config/zz"), at("config/c.yml")), false);

    assertThat(files)
        .containsExactly(at("config/notes.txt"), "-", at("config/zz/z.yaml"), at("config/c.yml"));
  }

  @Test
  void readingGivesEachTextUnderItsNameAndStdinOnce() throws Exception {
    InputStream stdin =
        new ByteArrayInputStream("kind: Pod\r\n# 😀\r\n".getBytes(StandardCharsets.UTF_8));

    List<YamlSource> sources =
        ResolveInputs.read(dir, List.of(at("config/b.yaml"), "-", "-"), false, stdin);

    assertThat(sources)
        .containsExactly(
            new YamlSource(at("config/b.yaml"), "b: 1\n"),
            new YamlSource("<stdin>", "kind: Pod\r\n# 😀\r\n"),
            new YamlSource("<stdin>", ""));
  }

  @Test
  void aMissingNameIsBadInput() {
    assertThatThrownBy(() -> ResolveInputs.enumerate(dir, List.of(at("nope.yaml")), false))
        .isInstanceOf(UsageException.class)
        .hasMessage(at("nope.yaml") + ": no such file or directory");
  }

  @Test
  void bytesThatAreNotUtf8AreRefusedRatherThanReplaced() throws Exception {
    Files.write(dir.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});

    assertThatThrownBy(() -> ResolveInputs.read(dir, List.of(at("latin1.yaml")), false, NO_STDIN))
        .isInstanceOf(UsageException.class)
        .hasMessage(at("latin1.yaml") + ": not UTF-8 (a bad byte sequence at byte 3)");
  }

  @Test
  void linksInsideADirectoryAreReadButNotWalkedAndALinkedRootIsWalked() throws Exception {
    Files.createSymbolicLink(config.resolve("link.yaml"), config.resolve("b.yaml"));
    Files.createSymbolicLink(config.resolve("linkdir"), config.resolve("zz"));
    Path root = Files.createSymbolicLink(dir.resolve("root"), config.resolve("zz"));

    assertThat(ResolveInputs.enumerate(dir, List.of(config.toString()), true))
        .contains(at("config/link.yaml"))
        .doesNotContain(at("config/linkdir/z.yaml"));
    assertThat(ResolveInputs.enumerate(dir, List.of(root.toString()), false))
        .containsExactly(at("root/z.yaml"));
  }

  @Test
  void namesSortByCodePointLikeGoRatherThanByUtf16() {
    // U+FF01 sorts before U+1F600 in UTF-8, but after its surrogate pair (U+D83D ...) in UTF-16.
    List<String> names = new ArrayList<>(List.of("\uD83D\uDE00.yaml", "\uFF01.yaml"));

    names.sort(ResolveInputs::compareCodePoints);

    assertThat(names).containsExactly("\uFF01.yaml", "\uD83D\uDE00.yaml");
  }

  @Test
  void relativeNamesAreRelativeToTheGivenDirectoryAndKeepTheirNames() throws Exception {
    assertThat(ResolveInputs.enumerate(dir, List.of("config/am"), true))
        .containsExactly("config/am/deeper/y.json", "config/am/x.yaml");
    assertThat(ResolveInputs.read(dir, List.of("config/b.yaml"), false, NO_STDIN))
        .extracting(YamlSource::name, YamlSource::text)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("config/b.yaml", "b: 1\n"));
    assertThatThrownBy(
            () -> ResolveInputs.enumerate(dir.resolve("config"), List.of("config/b.yaml"), false))
        .isInstanceOf(UsageException.class);
  }
}
