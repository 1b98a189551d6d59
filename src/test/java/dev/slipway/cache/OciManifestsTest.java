package dev.slipway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OciManifestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ActionRecord record(String body, long size) {
    return new ActionRecord(
        Digest.sha256Of(("out " + body).getBytes(StandardCharsets.UTF_8)),
        Digest.sha256Of(body.getBytes(StandardCharsets.UTF_8)),
        size,
        Instant.ofEpochMilli(1_763_800_000_000L));
  }

  private static OciManifests.Action action(int i, ActionRecord record) {
    return new OciManifests.Action(
        String.format("%064x", i), record, OciManifests.Layer.raw(record.blob(), record.size()));
  }

  @Test
  void aPackHoldsEachDistinctSmallBodyOnceInDigestOrder() {
    ActionRecord a = record("a", 100);
    ActionRecord b = record("b", OciManifests.PACK_BODY_MAX);
    ActionRecord large = record("large", OciManifests.PACK_BODY_MAX + 1);
    ActionRecord c = record("c", 0);

    List<OciManifests.Slice> slices = OciManifests.packSlices(List.of(large, b, a, c, a));

    List<Digest> inOrder = new ArrayList<>(List.of(a.blob(), b.blob(), c.blob()));
    inOrder.sort(null);
    assertThat(slices).extracting(OciManifests.Slice::body).containsExactlyElementsOf(inOrder);
    long offset = 0;
    for (OciManifests.Slice slice : slices) {
      assertThat(slice.offset()).isEqualTo(offset);
      offset += slice.size();
    }
    assertThat(offset).isEqualTo(100 + OciManifests.PACK_BODY_MAX);
  }

  @Test
  void aTrustedWritersNameAndTagSurviveTheActionManifestAndTheSetAndUntaggedOnesStayBare()
      throws Exception {
    CacheTrust release =
        CacheTrust.of("a key only release jobs hold".getBytes(StandardCharsets.UTF_8), "release");
    String key = String.format("%064x", 7);
    ActionRecord tagged = release.seal(key, record("a", 3));
    OciManifests.Action action = action(7, tagged);

    OciManifests.Action single =
        OciManifests.parseAction(key, OciManifests.action(tagged, action.layer()));
    OciManifests.Action listed =
        OciManifests.parseSet(OciManifests.set(List.of(action), Optional.empty()))
            .actions()
            .get(key);

    assertThat(single.record()).isEqualTo(tagged);
    assertThat(listed.record()).isEqualTo(tagged);
    assertThat(release.admits(key, listed.record())).isTrue();
    byte[] bare = OciManifests.action(record("a", 3), action.layer());
    assertThat(JSON.readTree(bare).path("annotations").has(OciManifests.WRITER)).isFalse();
    assertThat(OciManifests.parseAction(key, bare).record().isTagged()).isFalse();
  }

  @Test
  void oneSmallBodyMakesNoPack() {
    assertThat(OciManifests.packSlices(List.of(record("a", 10), record("large", 1 << 20))))
        .isEmpty();
  }

  @Test
  void aSetWithItsPackReadsBackWithEveryActionAndSlice() throws Exception {
    List<OciManifests.Action> actions =
        List.of(
            action(1, record("a", 3)),
            action(2, record("big", 1 << 20)),
            action(3, record("b", 5)));
    List<OciManifests.Slice> slices =
        OciManifests.packSlices(actions.stream().map(OciManifests.Action::record).toList());
    OciManifests.Pack pack = new OciManifests.Pack(Digest.sha256Of(new byte[8]), 8, slices);

    byte[] manifest = OciManifests.set(actions, Optional.of(pack));

    OciManifests.ActionSet set = OciManifests.parseSet(manifest);
    assertThat(set.pack()).contains(pack);
    assertThat(set.actions().values()).containsExactlyElementsOf(actions);
    assertThat(JSON.readTree(manifest).path("layers").path(0).path("mediaType").asText())
        .isEqualTo(OciManifests.PACK_TYPE);
  }

  @Test
  void aSaltedPackSaysWhereItsFirstBodyStarts() throws Exception {
    List<OciManifests.Action> actions =
        List.of(action(1, record("a", 3)), action(2, record("b", 5)));
    OciManifests.Pack plain =
        new OciManifests.Pack(
            Digest.sha256Of(new byte[8]),
            8,
            OciManifests.packSlices(actions.stream().map(OciManifests.Action::record).toList()));
    OciManifests.Pack salted =
        new OciManifests.Pack(
            Digest.sha256Of(new byte[8 + OciManifests.SALT_LENGTH]),
            8 + OciManifests.SALT_LENGTH,
            plain.shifted(OciManifests.SALT_LENGTH));

    OciManifests.ActionSet set =
        OciManifests.parseSet(OciManifests.set(actions, Optional.of(salted)));

    assertThat(set.pack()).contains(salted);
    assertThat(set.pack().orElseThrow().start()).isEqualTo(OciManifests.SALT_LENGTH);
    assertThat(set.pack().orElseThrow().bodies()).isEqualTo(plain.bodies());

    for (String start : new String[] {"-1", "x", "1", String.valueOf(salted.size() + 1)}) {
      ObjectNode root = (ObjectNode) JSON.readTree(OciManifests.set(actions, Optional.of(salted)));
      ((ObjectNode) root.path("layers").path(0).path("annotations"))
          .put(OciManifests.PACK_START, start);
      assertThat(OciManifests.parseSet(JSON.writeValueAsBytes(root)).pack()).as(start).isEmpty();
    }
  }

  @Test
  void aPackWhoseIndexDoesNotAddUpIsLeftOutAndTheActionsStay() throws Exception {
    List<OciManifests.Action> actions =
        List.of(action(1, record("a", 3)), action(2, record("b", 5)));
    List<OciManifests.Slice> slices =
        OciManifests.packSlices(actions.stream().map(OciManifests.Action::record).toList());
    byte[] good =
        OciManifests.set(
            actions, Optional.of(new OciManifests.Pack(Digest.sha256Of(new byte[8]), 8, slices)));
    String index =
        JSON.readTree(good)
            .path("layers")
            .path(0)
            .path("annotations")
            .path(OciManifests.PACK_BODIES)
            .asText();

    for (String[] hostile :
        new String[][] {
          {"9", index}, // sizes add up to less than the blob
          {"7", index}, // a slice runs past the end
          {"8", index.replace("=3", "=-1").replace("=5", "=9")},
          {"8", index.replace("=", "")},
          {"8", index.replace("=3", "=x")},
          {"8", "sha256:nothex=3,sha256:nothex=5"},
          {String.valueOf(OciManifests.PACK_MAX + 1), index},
        }) {
      ObjectNode root = (ObjectNode) JSON.readTree(good);
      ObjectNode layer = (ObjectNode) root.path("layers").path(0);
      layer.put("size", Long.parseLong(hostile[0]));
      ((ObjectNode) layer.path("annotations")).put(OciManifests.PACK_BODIES, hostile[1]);

      OciManifests.ActionSet set = OciManifests.parseSet(JSON.writeValueAsBytes(root));

      assertThat(set.pack()).as("size %s, index %s", hostile[0], hostile[1]).isEmpty();
      assertThat(set.actions().values()).containsExactlyElementsOf(actions);
    }
  }
}
