package dev.slipway.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.UsageException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ko sets a reference's node to exactly the image, whatever the scalar's style and the white space
 * around the reference; a block scalar must not keep a line break of its own.
 */
class KoRewriterValueTest {
  private static final String IMAGE = "registry.example/app@sha256:" + "e".repeat(64);
  private static final Map<String, String> IMAGES = Map.of("example.com/app/cmd/app", IMAGE);

  private static String rewrite(String text) throws UsageException {
    return KoRewriter.rewrite(new YamlSource("deploy.yaml", text), IMAGES);
  }

  @ParameterizedTest
  @ValueSource(strings = {"|", "|-", "|+", ">", ">-", ">+", "|2", "|-2", "|2+", ">2-"})
  void everyBlockHeaderBecomesAPlainScalarWhoseValueIsExactlyTheImage(String header)
      throws Exception {
    String input =
        "spec:\n  image: "
            + header
            + "\n    ko://example.com/app/cmd/app\n  name: app  # after the block\n";

    String output = rewrite(input);

    assertThat(output).isEqualTo("spec:\n  image: " + IMAGE + "\n  name: app  # after the block\n");
    assertThat(Yamls.load(output))
        .containsExactly(Map.of("spec", Map.of("image", IMAGE, "name", "app")));
  }

  @Test
  void theIndicatorsCommentAndTheBlankLinesAndCommentsAfterTheBlockStay() throws Exception {
    String input =
        """
        containers:
          - image: |+   # built by resolve
              ko://example.com/app/cmd/app\t \s

            # a comment between entries, less indented than the block

            name: app
          - >-
            ko://example.com/app/cmd/app
        # the end
        """;
    String want =
        """
        containers:
          - image: {image}   # built by resolve

            # a comment between entries, less indented than the block

            name: app
          - {image}
        # the end
        """
            .replace("{image}", IMAGE);

    String output = rewrite(input);

    assertThat(output).isEqualTo(want);
    assertThat(Yamls.load(output))
        .containsExactly(
            Map.of("containers", List.of(Map.of("image", IMAGE, "name", "app"), IMAGE)));
  }

  @Test
  void spacesAndTabsAfterTheReferenceGoWithItAndTheLinesOfWhiteSpaceAfterItStay() throws Exception {
    String input = "a: |\n  ko://example.com/app/cmd/app  \n   \n  \t\nb: 1\n";

    String output = rewrite(input);

    // The more indented lines were content of the block, which ko trims; as blank lines they
    // belong to no scalar.
    assertThat(output).isEqualTo("a: " + IMAGE + "\n   \n  \t\nb: 1\n");
    assertThat(Yamls.load(output)).containsExactly(Map.of("a", IMAGE, "b", 1));
  }

  @Test
  void aBlockScalarWithPropertiesAsADocumentOrAKeyKeepsThem() throws Exception {
    String input =
        """
        --- !!str |
         ko://example.com/app/cmd/app
        ---
        ? |-
          ko://example.com/app/cmd/app
        : &img !!str >
          ko://example.com/app/cmd/app
        copy: *img""";

    String output = rewrite(input);

    assertThat(output)
        .isEqualTo(
            "--- !!str "
                + IMAGE
                + "\n---\n? "
                + IMAGE
                + "\n: &img !!str "
                + IMAGE
                + "\ncopy: *img");
    assertThat(Yamls.load(output)).containsExactly(IMAGE, Map.of(IMAGE, IMAGE, "copy", IMAGE));
  }

  @Test
  void crlfAndALastLineWithoutABreakKeepTheirBytes() throws Exception {
    String input =
        "a: >  # c\r\n  ko://example.com/app/cmd/app\r\n\r\nb: |-\r\n  ko://example.com/app/cmd/app";

    String output = rewrite(input);

    assertThat(output).isEqualTo("a: " + IMAGE + "  # c\r\n\r\nb: " + IMAGE);
    assertThat(Yamls.load(output)).containsExactly(Map.of("a", IMAGE, "b", IMAGE));
  }

  @Test
  void quotedReferencesWithWhiteSpaceOrLineBreaksBecomeExactlyTheImageOnOneLine() throws Exception {
    String input =
        """
        a: 'ko://example.com/app/cmd/app   '
        b: "ko://example.com/app/cmd/app\\t\\n"
        c: "ko://example.com/app/cmd/app
          "
        d: "ko://example.com/\\
            app/cmd/app"
        """;

    String output = rewrite(input);

    assertThat(output)
        .isEqualTo(
            "a: '%s'\nb: \"%s\"\nc: \"%s\"\nd: \"%s\"\n".formatted(IMAGE, IMAGE, IMAGE, IMAGE));
    assertThat(Yamls.load(output))
        .containsExactly(Map.of("a", IMAGE, "b", IMAGE, "c", IMAGE, "d", IMAGE));
  }
}
