package dev.slipway.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.UsageException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KoRewriterTest {
  private static final String WEB = "registry.example/web@sha256:" + "a".repeat(64);
  private static final String A = "registry.example/a@sha256:" + "b".repeat(64);
  private static final String B = "localhost:5000/b:v1@sha256:" + "c".repeat(64);
  private static final String JOB = "registry.example/job@sha256:" + "d".repeat(64);

  private static final Map<String, String> IMAGES =
      Map.of(
          "example.com/app/cmd/web", WEB,
          "example.com/app/cmd/a", A,
          "example.com/app/cmd/b", B,
          "example.com/app/cmd/job", JOB);

  /** An expected text: the literal with each {name} placeholder filled with that image. */
  private static String expected(String literal) {
    return literal.replace("{web}", WEB).replace("{a}", A).replace("{b}", B).replace("{job}", JOB);
  }

  private static String rewrite(String text) throws UsageException {
    return KoRewriter.rewrite(new YamlSource("deploy.yaml", text), IMAGES);
  }

  /** The output is exactly {@code want}, and means the input with the references resolved. */
  private static void assertRewrites(String input, String want) throws UsageException {
    String output = rewrite(input);

    assertThat(output).isEqualTo(want);
    assertThat(Yamls.load(output)).isEqualTo(Yamls.resolvedAll(Yamls.load(input), IMAGES));
  }

  @Test
  void onlyTheReferencesChangeInAMultiDocumentStreamWithComments() throws Exception {
    String input =
        """
        # The web tier.   ko://example.com/app/cmd/web is built by slipway resolve
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web     # keep this comment where it is
        spec:
          template:
            spec:
              containers:
                - name: web
                  image: ko://example.com/app/cmd/web # the server
                  args: ["ko://example.com/app/cmd/a", 'ko://example.com/app/cmd/b']
                  env:
                    - {name: SIDE, value:   "ko://example.com/app/cmd/a"}
        ---
        # between documents: ko://example.com/app/cmd/job
        apiVersion: v1
        kind: ConfigMap
        data:
          note: "built from ko://example.com/app/cmd/web"
          image: "ko://example.com/app/cmd/web"
        ...
        --- !!map
        literal: |
          ko://example.com/app/cmd/job
        folded: >-   # stays
            ko://example.com/app/cmd/a
        """;
    String want =
        expected(
            """
            # The web tier.   ko://example.com/app/cmd/web is built by slipway resolve
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web     # keep this comment where it is
            spec:
              template:
                spec:
                  containers:
                    - name: web
                      image: {web} # the server
                      args: ["{a}", '{b}']
                      env:
                        - {name: SIDE, value:   "{a}"}
            ---
            # between documents: ko://example.com/app/cmd/job
            apiVersion: v1
            kind: ConfigMap
            data:
              note: "built from ko://example.com/app/cmd/web"
              image: "{web}"
            ...
            --- !!map
            literal: {job}
            folded: {a}   # stays
            """);

    assertRewrites(input, want);
  }

  @Test
  void anAnchoredReferenceIsReplacedOnceAndItsAliasesFollowIt() throws Exception {
    String input =
        """
        defaults: &img ko://example.com/app/cmd/web
        containers:
          - image: *img
          - image: &other 'ko://example.com/app/cmd/a'
            sidecar: *other
        """;
    String want =
        expected(
            """
            defaults: &img {web}
            containers:
              - image: *img
              - image: &other '{a}'
                sidecar: *other
            """);

    assertRewrites(input, want);
    assertThat(Yamls.load(rewrite(input)).get(0).toString()).contains("sidecar=" + A);
  }

  @Test
  void crlfLineEndingsAndTheLastLineWithoutABreakSurvive() throws Exception {
    String input =
        String.join(
            "\r\n",
            "a: ko://example.com/app/cmd/web",
            "# ko://example.com/app/cmd/a",
            "b: |",
            "  ko://example.com/app/cmd/a",
            "c: [ 'ko://example.com/app/cmd/b' ]");
    String want =
        String.join(
            "\r\n", "a: " + WEB, "# ko://example.com/app/cmd/a", "b: " + A, "c: [ '" + B + "' ]");

    assertRewrites(input, want);
  }

  @Test
  void charactersOutsideTheBasicPlaneBeforeAReferenceKeepTheOffsetsRight() throws Exception {
    String input =
        """
        # 🚀 rocket 🚀🚀
        metadata: {annotations: {icon: "😀"}}
        image: ko://example.com/app/cmd/web # 🐳
        args: ['𝔘𝔫𝔦𝔠𝔬𝔡𝔢', "ko://example.com/app/cmd/a"]
        """;
    String want =
        expected(
            """
            # 🚀 rocket 🚀🚀
            metadata: {annotations: {icon: "😀"}}
            image: {web} # 🐳
            args: ['𝔘𝔫𝔦𝔠𝔬𝔡𝔢', "{a}"]
            """);

    assertRewrites(input, want);
  }

  @Test
  void aHelmRenderedChartKeepsItsSourceComments() throws Exception {
    String input =
        """
        ---
        # Source: chart/templates/service.yaml
        apiVersion: v1
        kind: Service
        metadata:
          name: release-chart
          labels:
            helm.sh/chart: chart-0.1.0
            app.kubernetes.io/managed-by: Helm
        spec:
          type: ClusterIP
          ports:
            - port: 80
              targetPort: http
        ---
        # Source: chart/templates/deploy.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: release-chart
        spec:
          replicas: 1
          template:
            spec:
              containers:
                - name: chart
                  securityContext:
                    {}
                  image: "ko://example.com/app/cmd/web"
                  imagePullPolicy: IfNotPresent
              initContainers:
                - name: migrate
                  image: "ko://example.com/app/cmd/job"
        """;
    String want =
        expected(
            """
            ---
            # Source: chart/templates/service.yaml
            apiVersion: v1
            kind: Service
            metadata:
              name: release-chart
              labels:
                helm.sh/chart: chart-0.1.0
                app.kubernetes.io/managed-by: Helm
            spec:
              type: ClusterIP
              ports:
                - port: 80
                  targetPort: http
            ---
            # Source: chart/templates/deploy.yaml
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: release-chart
            spec:
              replicas: 1
              template:
                spec:
                  containers:
                    - name: chart
                      securityContext:
                        {}
                      image: "{web}"
                      imagePullPolicy: IfNotPresent
                  initContainers:
                    - name: migrate
                      image: "{job}"
            """);

    assertRewrites(input, want);
  }

  @Test
  void kustomizeOutputKeepsItsSortedKeysAndUnindentedLists() throws Exception {
    String input =
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          ports:
          - port: 80
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          labels:
            app: web
          name: web
        spec:
          template:
            spec:
              containers:
              - args:
                - --port=8080
                - --upstream=ko://example.com/app/cmd/a
                image: ko://example.com/app/cmd/web
                name: web
              initContainers:
              - image: ko://example.com/app/cmd/job
                name: migrate
        """;
    String want =
        expected(
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              ports:
              - port: 80
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              labels:
                app: web
              name: web
            spec:
              template:
                spec:
                  containers:
                  - args:
                    - --port=8080
                    - --upstream=ko://example.com/app/cmd/a
                    image: {web}
                    name: web
                  initContainers:
                  - image: {job}
                    name: migrate
            """);

    assertRewrites(input, want);
  }

  @Test
  void aListKindHasTheReferencesOfAllItsItemsReplaced() throws Exception {
    String input =
        """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: batch/v1
          kind: Job
          spec:
            template:
              spec:
                containers:
                - name: job
                  image: ko://example.com/app/cmd/job
        - apiVersion: v1
          kind: Pod
          spec:
            containers:
            - {name: pod, image: 'ko://example.com/app/cmd/web'}
        """;
    String want =
        expected(
            """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: batch/v1
              kind: Job
              spec:
                template:
                  spec:
                    containers:
                    - name: job
                      image: {job}
            - apiVersion: v1
              kind: Pod
              spec:
                containers:
                - {name: pod, image: '{web}'}
            """);

    assertRewrites(input, want);
  }

  @Test
  void aKeyIsReplacedAsKoReplacesIt() throws Exception {
    String input = "ko://example.com/app/cmd/web: primary\n\"ko://example.com/app/cmd/a\": {}\n";
    String want = WEB + ": primary\n\"" + A + "\": {}\n";

    assertRewrites(input, want);
  }

  @Test
  void textWithoutReferencesComesBackUnchanged() throws Exception {
    String input = "# only ko://example.com/app/cmd/web in a comment\r\nkey: 'value'  \r\n";

    assertThat(rewrite(input)).isEqualTo(input);
  }

  @Test
  void aReferenceWithoutAnImageNamesItsPlace() {
    String input = "kind: Pod\n# 😀\nspec:\n  image: 'ko://example.com/app/cmd/missing'\n";

    assertThatThrownBy(() -> rewrite(input))
        .isInstanceOf(UsageException.class)
        .hasMessage("deploy.yaml:4:10: no image was built for ko://example.com/app/cmd/missing");
  }

  @Test
  void anImageThatWouldChangeTheYamlIsRefused() {
    YamlSource source = new YamlSource("deploy.yaml", "a: ko://example.com/app\n");

    assertThatThrownBy(() -> KoRewriter.rewrite(source, Map.of("example.com/app", "repo: {x} # y")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an image reference");
  }

  @Test
  void referencesFromAnotherTextAreRefused() throws Exception {
    YamlSource longer = new YamlSource("a.yaml", "x: 1\nimage: ko://example.com/app/cmd/web\n");
    YamlSource shorter = new YamlSource("b.yaml", "x: 1\n");

    assertThatThrownBy(
            () -> KoRewriter.rewrite(Selection.all(shorter), KoReferences.find(longer), IMAGES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not those of b.yaml");
  }
}
