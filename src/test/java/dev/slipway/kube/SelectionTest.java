package dev.slipway.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.UsageException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code resolve -l}: which documents and list items stay, as in ko, and their bytes with them. */
class SelectionTest {
  private static final String WEB = "registry.example/web@sha256:" + "a".repeat(64);
  private static final String DB = "registry.example/db@sha256:" + "b".repeat(64);
  private static final Map<String, String> IMAGES =
      Map.of("example.com/cmd/web", WEB, "example.com/cmd/db", DB);

  private static Selection select(String text, String selector) throws UsageException {
    return Selection.of(new YamlSource("deploy.yaml", text), LabelSelector.parse(selector));
  }

  /** What resolve prints of {@code text} with {@code -l selector}. */
  private static String resolved(String text, String selector) throws UsageException {
    Selection selection = select(text, selector);
    return KoRewriter.rewrite(selection, KoReferences.find(selection), IMAGES);
  }

  private static final String STREAM =
      """
      # Source: web.yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        labels: {app: web, tier: front}
      spec:
        containers: [{name: web, image: ko://example.com/cmd/web}]
      ---
      # Source: db.yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: db
        labels:
          app: db
      spec:
        containers:
        - name: db
          image: ko://example.com/cmd/db
          args: ["ko://example.com/not a valid path, and not looked at"]
      ---
      # an empty document
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: unlabelled}
      """;

  @Test
  void onlyMatchingDocumentsStayWithTheirCommentsAndOnlyTheirReferencesAreFound() throws Exception {
    Selection selection = select(STREAM, "app=web");

    assertThat(KoReferences.find(selection))
        .extracting(r -> r.importPath().path())
        .containsExactly("example.com/cmd/web");
    assertThat(KoRewriter.rewrite(selection, KoReferences.find(selection), IMAGES))
        .isEqualTo(
            STREAM.substring(0, STREAM.indexOf("---\n")).replace("ko://example.com/cmd/web", WEB));
  }

  @Test
  void aLaterDocumentKeepsItsDocumentStartAndAnObjectWithoutLabelsMatchesNegations()
      throws Exception {
    assertThat(resolved(STREAM, "app notin (web,db),!tier"))
        .isEqualTo("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: unlabelled}\n");
  }

  @Test
  void theReferencesOfAKeptDocumentAreChecked() {
    assertThatThrownBy(() -> resolved(STREAM, "app=db"))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("deploy.yaml:21:12: ko://example.com/not a valid path");
  }

  @Test
  void aSelectorThatMatchesNothingLeavesNothing() throws Exception {
    assertThat(resolved(STREAM, "app=none")).isEmpty();
    assertThat(resolved("# just a comment\n", "app")).isEmpty();
  }

  /** A Pod list item with the label app={@code name}, a comment above it, and one image. */
  private static String pod(String name, String image) {
    return """
        # the %s pod
        - apiVersion: v1
          kind: Pod
          metadata: {name: %s, labels: {app: %s}}
          spec:
            containers:
            - image: %s
        """
        .formatted(name, name, name, image);
  }

  private static final String WEB_POD = pod("web", "ko://example.com/cmd/web");

  private static final String DB_POD = pod("db", "|\n        ko://example.com/cmd/db");

  private static final String WEB_SERVICE =
      """
      - apiVersion: v1
        kind: Service
        metadata: {name: web, labels: {app: web}}  # keep
      """;

  @Test
  void ofAListOnlyTheMatchingItemsStayWithTheCommentsAboveThem() throws Exception {
    String list = "apiVersion: v1\nkind: List\nitems:\n";
    String input = list + WEB_POD + DB_POD + "\n" + WEB_SERVICE;

    assertThat(resolved(input, "app=web"))
        .isEqualTo(list + WEB_POD.replace("ko://example.com/cmd/web", WEB) + "\n" + WEB_SERVICE);
    assertThat(resolved(input, "app=db"))
        .isEqualTo(list + DB_POD.replaceFirst("\\|\n +ko://example.com/cmd/db", DB) + "\n");
    assertThat(resolved(input, "app=none")).isEmpty();
  }

  @Test
  void ofAJsonListTheItemsAndTheirCommasGo() throws Exception {
    String input =
        """
        {
          "apiVersion": "v1",
          "kind": "List",
          "items": [
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"labels": {"app": "db"}}},
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"labels": {"app": "web"}}},
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"labels": {"app": "db"}}},
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"labels": {"app": "db"}}}
          ]
        }
        """;

    String output = resolved(input, "app=web");

    assertThat(output)
        .isEqualTo(
            """
            {
              "apiVersion": "v1",
              "kind": "List",
              "items": [
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"labels": {"app": "web"}}}
              ]
            }
            """);
    assertThat(resolved(input, "app=db")).doesNotContain("web").contains("\"db\"}}}\n  ]");
    assertThat(Yamls.load(resolved(input, "app=db")).get(0).toString()).doesNotContain("web");
  }

  @Test
  void documentsThatAreNotKubernetesObjectsAreErrorsAsInKo() {
    assertThatThrownBy(() -> select("apiVersion: v1\nkind: Pod\n---\nplain: map\n", "app"))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "deploy.yaml:4:1: --selector: not a Kubernetes object (a mapping with a string"
                + " apiVersion and kind)");
    assertThatThrownBy(() -> select("apiVersion: 1\nkind: Pod\n", "app"))
        .hasMessageContaining("not a Kubernetes object");
    assertThatThrownBy(() -> select("apiVersion: v1\nkind: List\nitems: {}\n", "app"))
        .hasMessage("deploy.yaml:1:1: --selector: a List without an items sequence");
    assertThatThrownBy(() -> select("apiVersion: v1\nkind: List\nitems: [x]\n", "app"))
        .hasMessageStartingWith("deploy.yaml:3:9: --selector: not a Kubernetes object");
  }

  @Test
  void emptyDocumentsAndEmptyKindsGoAndANullListItemCountsAsUnlabelled() throws Exception {
    String input =
        """
        ---
        ---
        apiVersion: v1
        kind: ""
        metadata: {labels: {app: web}}
        ---
        apiVersion: v1
        kind: List
        items:
        - ~
        - {apiVersion: v1, kind: Pod, metadata: {labels: {app: web}}}
        """;

    assertThat(resolved(input, "!app")).isEqualTo("---\napiVersion: v1\nkind: List\nitems:\n- ~\n");
  }

  @Test
  void aDroppedDocumentsEndMarkerStaysForTheDirectivesOfTheNextOne() throws Exception {
    String input =
        """
        apiVersion: v1
        kind: Pod
        metadata: {labels: {app: web}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {labels: {app: db}}
        ...
        %YAML 1.2
        ---
        apiVersion: v1
        kind: Pod
        metadata: {labels: {app: web}}
        """;

    String output = resolved(input, "app=web");

    assertThat(output)
        .isEqualTo(
            input.replace("---\napiVersion: v1\nkind: Pod\nmetadata: {labels: {app: db}}\n", ""));
    assertThat(Yamls.load(output)).hasSize(2);
  }

  @Test
  void withoutASelectorEverythingStays() throws Exception {
    Selection all = Selection.all(new YamlSource("deploy.yaml", STREAM));

    assertThat(all.dropped()).isEmpty();
    assertThat(all.keeps(0)).isTrue();
    assertThat(
            List.of(
                select(STREAM, "app").keeps(0), select(STREAM, "app").keeps(STREAM.length() - 1)))
        .containsExactly(true, false);
  }
}
