package dev.slipway.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResolvedStreamTest {
  @Test
  void eachTextIsFollowedByADelimiterLine() {
    assertThat(ResolvedStream.delimited("a: 1\n", true)).isEqualTo("a: 1\n---\n");
  }

  @Test
  void aTextWithoutAFinalLineBreakGetsOneBeforeTheDelimiter() {
    assertThat(ResolvedStream.delimited("a: 1\n# last", false)).isEqualTo("a: 1\n# last\n---\n");
  }

  @Test
  void aCrlfTextGetsCrlfLineBreaks() {
    assertThat(ResolvedStream.delimited("a: 1\r\nb: 2", false))
        .isEqualTo("a: 1\r\nb: 2\r\n---\r\n");
  }

  @Test
  void anEmptyTextIsJustTheDelimiterAsInKo() {
    assertThat(ResolvedStream.delimited("", false)).isEqualTo("---\n");
  }

  @Test
  void aLaterTextWithDirectivesEndsTheDocumentTheDelimiterOpened() {
    String later = "# header\n%YAML 1.2\n---\nb: 2\n";

    assertThat(ResolvedStream.delimited(later, false)).isEqualTo("...\n" + later + "---\n");
    assertThat(ResolvedStream.delimited(later, true)).isEqualTo(later + "---\n");
  }

  @Test
  void theJoinedTextsReadAsAllTheirDocumentsInOrder() {
    String first = "a: 1\n---\nb: |+\n  kept\n\n";
    String second = "%YAML 1.2\n---\nc: 3";
    String third = "d: 4\r\n";

    String joined =
        ResolvedStream.delimited(first, true)
            + ResolvedStream.delimited(second, false)
            + ResolvedStream.delimited(third, false);

    // Each delimiter opens a document that the next text's first document replaces or follows;
    // the last one is empty, as in ko's output.
    assertThat(Yamls.load(joined))
        .isEqualTo(
            Arrays.asList(
                Map.of("a", 1),
                Map.of("b", "kept\n\n"),
                null,
                Map.of("c", 3),
                Map.of("d", 4),
                null));
  }
}
