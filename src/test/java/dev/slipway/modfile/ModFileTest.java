package dev.slipway.modfile;

import static dev.slipway.modfile.Samples.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.ModuleVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModFileTest {
  private static ModFile parse(String text) throws Exception {
    return ModFile.parse("go.mod", bytes(text));
  }

  private static ModuleVersion mv(String s) {
    return ModuleVersion.parse(s);
  }

  @Test
  void readsEveryDirectiveInLineAndBlockForm() throws Exception {
    ModFile f = parse(Samples.REALISTIC);

    assertThat(f.module()).isEqualTo("example.com/svc");
    assertThat(f.deprecated()).contains("use example.com/svc/v2 instead.\ntrailing");
    assertThat(f.go()).contains("1.22.1");
    assertThat(f.toolchain()).contains("go1.22.3");
    assertThat(f.godebugs())
        .extracting(Godebug::key, Godebug::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("default", "go1.21"),
            org.assertj.core.groups.Tuple.tuple("panicnil", "1"),
            org.assertj.core.groups.Tuple.tuple("http2client", "0"));
    assertThat(f.requires())
        .extracting(r -> r.mv().toString())
        .containsExactly(
            "golang.org/x/text@v0.14.0",
            "github.com/google/uuid@v1.6.0",
            "golang.org/x/sys@v0.20.0",
            "golang.org/x/net@v0.25.0",
            "gopkg.in/yaml.v3@v3.0.1",
            "github.com/pkg/errors@v0.9.0",
            "example.com/old@v2.0.0+incompatible",
            "example.com/quoted@v1.0.0-rc.1",
            "example.com/semi@v1.0.0",
            "example.com/build@v1.2.3");
    assertThat(f.excludes())
        .extracting(x -> x.mv().toString())
        .containsExactly(
            "golang.org/x/text@v0.13.0", "golang.org/x/sys@v0.19.0", "example.com/bad/v2@v2.0.1");
    assertThat(f.tools())
        .containsExactly("golang.org/x/tools/cmd/stringer", "example.com/svc/cmd/gen");
    assertThat(f.ignores()).containsExactly("./node_modules", "third_party/js");
  }

  @Test
  void indirectIsTheCommentIndirectOrOneStartingIndirectSemicolon() throws Exception {
    ModFile f = parse(Samples.REALISTIC);

    assertThat(f.requires())
        .filteredOn(Require::indirect)
        .extracting(r -> r.mv().path())
        .containsExactly("golang.org/x/sys", "golang.org/x/net", "github.com/pkg/errors");
  }

  @Test
  void requiresRememberTheirLine() throws Exception {
    ModFile f = parse(Samples.REALISTIC);

    assertThat(f.requires().get(0).line()).isEqualTo(15);
    assertThat(f.requires().get(1).line()).isEqualTo(18);
  }

  @Test
  void directoryReplacementsAreLocalAndModuleReplacementsAreNot() throws Exception {
    ModFile f = parse(Samples.REALISTIC);

    assertThat(f.replaces())
        .extracting(Replace::oldPath, Replace::newPath, Replace::isLocal)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("example.com/local", "./local", true),
            org.assertj.core.groups.Tuple.tuple(
                "example.com/fork", "example.com/fork-fixed", false),
            org.assertj.core.groups.Tuple.tuple("example.com/abs", "/opt/src/abs", true),
            org.assertj.core.groups.Tuple.tuple("example.com/parent", "../parent", true),
            org.assertj.core.groups.Tuple.tuple("example.com/q", "./with space", true));
    Replace fork = f.replaces().get(1);
    assertThat(fork.oldVersion()).contains("v1.2.3");
    assertThat(fork.newVersion()).contains("v1.2.4");
  }

  @Test
  void anExactVersionReplacementWinsOverAPathReplacement() throws Exception {
    ModFile f =
        parse(
            """
            module example.com/m
            replace example.com/a v1.0.0 => ./one
            replace example.com/a => ./all
            """);

    assertThat(f.replacementFor(mv("example.com/a@v1.0.0")).map(Replace::newPath))
        .contains("./one");
    assertThat(f.replacementFor(mv("example.com/a@v1.1.0")).map(Replace::newPath))
        .contains("./all");
    assertThat(f.replacementFor(mv("example.com/b@v1.0.0"))).isEmpty();
  }

  @Test
  void retractionsAreRangesWithTheirReasons() throws Exception {
    ModFile f = parse(Samples.REALISTIC);

    assertThat(f.retracts())
        .extracting(Retract::low, Retract::high, Retract::rationale)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("v1.0.0", "v1.0.0", "published by mistake"),
            org.assertj.core.groups.Tuple.tuple("v1.1.0", "v1.2.0", "Whole-line reason."),
            org.assertj.core.groups.Tuple.tuple("v1.3.0", "v1.3.0", "Reason one."),
            org.assertj.core.groups.Tuple.tuple("v1.4.0", "v1.4.9", "Reason two."),
            org.assertj.core.groups.Tuple.tuple("v1.5.0", "v1.5.0", ""),
            org.assertj.core.groups.Tuple.tuple("v1.6.0", "v1.6.0", ""));
  }

  @Test
  void aRetractWithoutCommentsTakesItsBlocksComment() throws Exception {
    ModFile f = parse("module example.com/m\n// Oops.\nretract (\n  v1.0.0\n  v1.1.0 // own\n)\n");

    assertThat(f.retracts()).extracting(Retract::rationale).containsExactly("Oops.", "own");
  }

  @Test
  void deprecationIsTheParagraphStartingDeprecated() throws Exception {
    ModFile f =
        parse("// Intro.\n//\n// Deprecated: use v2.\n// Really.\n//\n// Later.\nmodule m\n");

    assertThat(f.deprecated()).contains("use v2.\nReally.");
    assertThat(parse("// Not Deprecated: x\nmodule m\n").deprecated()).isEmpty();
    assertThat(parse("// Deprecated: x\n\nmodule m\n").deprecated()).isEmpty();
  }

  @Test
  void quotedStringsUseGoEscapes() throws Exception {
    ModFile f =
        parse("module \"example.com/\\x6d\"\nreplace \"example.com/\\u0061\" => \"./a b\"\n");

    assertThat(f.module()).isEqualTo("example.com/m");
    assertThat(f.replaces().get(0).oldPath()).isEqualTo("example.com/a");
    assertThat(f.replaces().get(0).newPath()).isEqualTo("./a b");
  }

  @Test
  void crlfLineEndingsReadLikeNewlines() throws Exception {
    ModFile f = parse("module m\r\nrequire (\r\n  example.com/a v1.0.0 // indirect\r\n)\r\n");

    assertThat(f.requires()).singleElement().satisfies(r -> assertThat(r.indirect()).isTrue());
  }

  @Test
  void missingOptionalDirectivesAreEmpty() throws Exception {
    ModFile f = parse("module m\n");

    assertThat(f.go()).isEqualTo(Optional.empty());
    assertThat(f.toolchain()).isEmpty();
    assertThat(f.deprecated()).isEmpty();
    assertThat(f.requires()).isEmpty();
  }

  @Test
  void parsingAPathNamesTheFileInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("go.mod");
    Files.writeString(file, "module m\nrequire x\n");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModFile.parse(file))
        .isInstanceOf(dev.slipway.core.UsageException.class)
        .hasMessage(file + ":2: usage: require module/path v1.2.3");
    Files.writeString(file, "module example.com/m\n");
    assertThat(ModFile.parse(file).module()).isEqualTo("example.com/m");
  }

  @Test
  void anUnreadableFileIsAUsageError(@TempDir Path dir) {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModFile.parse(dir.resolve("nope")))
        .isInstanceOf(dev.slipway.core.UsageException.class)
        .hasMessageContaining("nope");
  }
}
