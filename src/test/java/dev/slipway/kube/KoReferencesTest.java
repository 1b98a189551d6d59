package dev.slipway.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.UsageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class KoReferencesTest {
  private static List<KoReference> find(String text) throws UsageException {
    return KoReferences.find(new YamlSource("deploy.yaml", text));
  }

  private static List<String> paths(List<KoReference> references) {
    return references.stream().map(r -> r.importPath().path()).toList();
  }

  /** The text each reference covers, to check offsets against the input. */
  private static List<String> covered(String text, List<KoReference> references) {
    return references.stream().map(r -> text.substring(r.start(), r.end())).toList();
  }

  @Test
  void eachStyleCoversItsWholeScalarAndABlockScalarFromItsIndicatorToItsReference()
      throws Exception {
    String text =
        """
        plain: ko://example.com/plain
        single: 'ko://example.com/single'
        double: "ko://example.com/double"
        literal: |  # a comment on the indicator line
          ko://example.com/literal
        folded: >-
            ko://example.com/folded
        flow: {k: ko://example.com/flow, l: ['ko://example.com/inflow']}
        """;

    List<KoReference> refs = find(text);

    assertThat(covered(text, refs))
        .containsExactly(
            "ko://example.com/plain",
            "'ko://example.com/single'",
            "\"ko://example.com/double\"",
            "|  # a comment on the indicator line\n  ko://example.com/literal",
            ">-\n    ko://example.com/folded",
            "ko://example.com/flow",
            "'ko://example.com/inflow'");
    assertThat(refs)
        .extracting(KoReference::style)
        .containsExactly(
            KoReference.Style.PLAIN,
            KoReference.Style.SINGLE_QUOTED,
            KoReference.Style.DOUBLE_QUOTED,
            KoReference.Style.LITERAL,
            KoReference.Style.FOLDED,
            KoReference.Style.PLAIN,
            KoReference.Style.SINGLE_QUOTED);
    assertThat(refs)
        .extracting(KoReference::place)
        .containsExactly(
            "deploy.yaml:1:8",
            "deploy.yaml:2:9",
            "deploy.yaml:3:9",
            "deploy.yaml:4:10",
            "deploy.yaml:6:9",
            "deploy.yaml:8:11",
            "deploy.yaml:8:38");
  }

  @Test
  void anAnchoredReferenceIsFoundOnceAndItsAliasesAreNot() throws Exception {
    String text =
        """
        base: &img !!str ko://example.com/app
        copy: *img
        list: [*img, *img]
        """;

    List<KoReference> refs = find(text);

    assertThat(covered(text, refs)).containsExactly("ko://example.com/app");
    assertThat(refs.get(0).place()).isEqualTo("deploy.yaml:1:18");
  }

  @Test
  void mappingKeysAreReferencesAsInKo() throws Exception {
    String text = "ko://example.com/key: value\n? 'ko://example.com/complex'\n: v\n";

    assertThat(paths(find(text))).containsExactly("example.com/key", "example.com/complex");
  }

  @Test
  void stringsThatOnlyContainKoSchemeAreNotReferences() throws Exception {
    String text =
        """
        # image: ko://example.com/commented
        note: "built from ko://example.com/app"
        padded: " ko://example.com/app"
        custom: !custom ko://example.com/app
        number: !!int 7
        leading: |

          ko://example.com/app
        url: https://example.com/ko://x
        also: ko:/example.com/app
        """;

    assertThat(find(text)).isEmpty();
  }

  @Test
  void whiteSpaceAfterTheReferenceIsTrimmedAsGoTrimsIt() throws Exception {
    String text = "a: \"ko://example.com/app \\t\"\nb: |+\n  ko://example.com/kept  \n\n";

    List<KoReference> refs = find(text);

    assertThat(paths(refs)).containsExactly("example.com/app", "example.com/kept");
    assertThat(covered(text, refs))
        .containsExactly("\"ko://example.com/app \\t\"", "|+\n  ko://example.com/kept  ");
  }

  @Test
  void aCharacterOutsideTheBasicPlaneShiftsNeitherOffsetsNorColumns() throws Exception {
    String text = "# 🚀 deploys 🚀\nmeta: {icon: 😀, image: ko://example.com/app}\n";

    KoReference ref = find(text).get(0);

    assertThat(text.substring(ref.start(), ref.end())).isEqualTo("ko://example.com/app");
    // Columns count code points: the emoji is one column, though two chars.
    assertThat(ref.place()).isEqualTo("deploy.yaml:2:24");
  }

  @Test
  void crlfLineEndingsCountAsOneLineBreak() throws Exception {
    String text = "a: 1\r\nb: |\r\n  ko://example.com/app\r\nc: 'ko://example.com/c'\r\n";

    List<KoReference> refs = find(text);

    assertThat(covered(text, refs))
        .containsExactly("|\r\n  ko://example.com/app", "'ko://example.com/c'");
    assertThat(refs)
        .extracting(KoReference::place)
        .containsExactly("deploy.yaml:2:4", "deploy.yaml:4:4");
  }

  @Test
  void referencesInEveryDocumentAreFoundInOrder() throws Exception {
    String text =
        """
        %YAML 1.2
        ---
        a: ko://example.com/one
        ...
        ---
        - ko://example.com/two
        --- ko://example.com/three
        """;

    assertThat(paths(find(text)))
        .containsExactly("example.com/one", "example.com/two", "example.com/three");
  }

  @Test
  void malformedYamlNamesTheFileLineAndColumn() {
    String text = "# 😀\nmetadata:\n  name: x\n   labels: y\n";

    assertThatThrownBy(() -> find(text))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("deploy.yaml:4:10: not valid YAML: mapping values are not allowed");
  }

  @Test
  void anUnclosedQuoteNamesWhereTheScalarStarted() {
    assertThatThrownBy(() -> find("a: b\nc: \"ko://x\n"))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("deploy.yaml:3:1: not valid YAML: found unexpected end of stream")
        .hasMessageContaining("while scanning a quoted scalar at 2:4");
  }

  @Test
  void aForbiddenCharacterIsNamedWithItsPlace() {
    assertThatThrownBy(() -> find("a: b\nc: d\u0001\n"))
        .isInstanceOf(UsageException.class)
        .hasMessage("deploy.yaml:2:5: not valid YAML: special character U+0001 is not allowed");
  }

  @Test
  void aBadImportPathNamesTheReferencesPlace() {
    String text = "spec:\n  image: 😀\n  args: [\"ko://example.com/my app\"]\n";

    assertThatThrownBy(() -> find(text))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "deploy.yaml:3:10: ko://example.com/my app is not a valid import path: invalid"
                + " char ' '");
  }

  @Test
  void aByteOrderMarkTakesNoColumn() throws Exception {
    KoReference ref = find("\uFEFFimage: ko://example.com/app\n").get(0);

    assertThat(ref.start()).isEqualTo(8);
    assertThat(ref.place()).isEqualTo("deploy.yaml:1:8");
  }
}
