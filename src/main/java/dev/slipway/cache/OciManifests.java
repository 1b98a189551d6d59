package dev.slipway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The OCI backend's storage format (docs/cache-oci.md): tags, the action manifest, the action-set
 * manifest and the salted body form. Pure functions of their inputs, so the format reads in one
 * place.
 */
final class OciManifests {
  static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
  static final String ARTIFACT_TYPE = "application/vnd.slipway.action.v1";
  static final String SET_TYPE = "application/vnd.slipway.action-set.v1";
  static final String BODY_TYPE = "application/vnd.slipway.action.body.v1";
  static final String SALTED_BODY_TYPE = "application/vnd.slipway.action.body.salted.v1";
  static final String EMPTY_TYPE = "application/vnd.oci.empty.v1+json";
  static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);
  static final String OUTPUT = "dev.slipway.action.output";
  static final String TIME = "dev.slipway.action.time";
  static final String KEY = "dev.slipway.action.key";
  static final String BODY = "dev.slipway.action.body";

  /** A trusted writer's name and tag ({@link CacheTrust}); absent from untagged records. */
  static final String WRITER = "dev.slipway.action.writer";

  static final String TAG = "dev.slipway.action.tag";
  static final String PACK_TYPE = "application/vnd.slipway.action.pack.v1";
  static final String PACK_BODIES = "dev.slipway.pack.bodies";

  /** Bytes before a pack's first body: a salt line, when a pack replaces a damaged one. */
  static final String PACK_START = "dev.slipway.pack.start";

  /** Bodies up to this size also go into their set's pack. */
  static final long PACK_BODY_MAX = 64 << 10;

  /** A pack stops at this size, and a reader refuses a larger one. */
  static final long PACK_MAX = 16 << 20;

  /** A salted blob is this line (with 32 random hex digits) followed by the body. */
  static final String SALT_PREFIX = "slipway-salt ";

  static final int SALT_LENGTH = SALT_PREFIX.length() + 32 + 1;

  /** Registries refuse manifests over 4 MiB; a set stops short of that. */
  static final int MAX_SET_BYTES = 3_500_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private OciManifests() {}

  /**
   * How a body is stored: the blob itself ({@link #BODY_TYPE}), or after a salt line ({@link
   * #SALTED_BODY_TYPE}), the form a repair writes when the registry still holds corrupt bytes under
   * the body's own digest.
   */
  record Layer(String mediaType, Digest blob, long blobSize, Digest body, long bodySize) {
    static Layer raw(Digest body, long size) {
      return new Layer(BODY_TYPE, body, size, body, size);
    }

    boolean salted() {
      return mediaType.equals(SALTED_BODY_TYPE);
    }
  }

  /** An action's record and the layer that holds its body. */
  record Action(String key, ActionRecord record, Layer layer) {}

  /** Where one body lies in a pack. */
  record Slice(Digest body, long offset, long size) {}

  /**
   * A set's pack: its small bodies in one blob, so a cold runner gets them with one request instead
   * of one each. Offsets follow from the sizes, in order, after {@link #start} bytes.
   */
  record Pack(Digest blob, long size, List<Slice> slices) {
    long start() {
      return slices.isEmpty() ? 0 : slices.get(0).offset();
    }

    List<Digest> bodies() {
      return slices.stream().map(Slice::body).toList();
    }

    /** The slices moved {@code by} bytes later, for the same bodies after a prefix. */
    List<Slice> shifted(long by) {
      return slices.stream().map(s -> new Slice(s.body(), s.offset() + by, s.size())).toList();
    }
  }

  /** A parsed set: its actions by key in order, and its pack if it has a usable one. */
  record ActionSet(Map<String, Action> actions, Optional<Pack> pack) {}

  static String tag(String key) {
    return tag("ac-", key);
  }

  static String setTag(String key) {
    return tag("set-", key);
  }

  /** {@code prefix + key}, or the prefix and the key's SHA-256 when that would pass 128 chars. */
  private static String tag(String prefix, String key) {
    ActionKeys.check(key);
    if (prefix.length() + key.length() <= 128) {
      return prefix + key;
    }
    return prefix + Digest.sha256Of(key.getBytes(StandardCharsets.UTF_8)).hex();
  }

  static byte[] saltLine(byte[] random16) {
    return (SALT_PREFIX + HexFormat.of().formatHex(random16) + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The manifest tagged {@code ac-<key>}: one layer, output and time (and a trusted writer's name
   * and tag) as annotations.
   */
  static byte[] action(ActionRecord record, Layer layer) throws IOException {
    ObjectNode root = root(ARTIFACT_TYPE);
    addLayer(root.putArray("layers"), layer);
    annotate(root.putObject("annotations"), record);
    return JSON.writeValueAsBytes(root);
  }

  private static void annotate(ObjectNode notes, ActionRecord record) {
    notes.put(OUTPUT, record.outputId().toString());
    notes.put(TIME, Long.toString(record.time().toEpochMilli()));
    if (record.isTagged()) {
      notes.put(WRITER, record.writer());
      notes.put(TAG, record.tag());
    }
  }

  /**
   * The bodies a set's pack holds: each distinct body of at most {@link #PACK_BODY_MAX} bytes, in
   * digest order (so the same actions make the same pack), up to {@link #PACK_MAX} in all. Empty
   * when fewer than two would go in: a pack of one saves nothing.
   */
  static List<Slice> packSlices(Collection<ActionRecord> records) {
    TreeMap<Digest, Long> small = new TreeMap<>();
    for (ActionRecord record : records) {
      if (record.size() <= PACK_BODY_MAX) {
        small.put(record.blob(), record.size());
      }
    }
    List<Slice> slices = new ArrayList<>();
    long offset = 0;
    for (Map.Entry<Digest, Long> body : small.entrySet()) {
      if (offset + body.getValue() > PACK_MAX) {
        break;
      }
      slices.add(new Slice(body.getKey(), offset, body.getValue()));
      offset += body.getValue();
    }
    return slices.size() < 2 ? List.of() : List.copyOf(slices);
  }

  /**
   * The manifest tagged {@code set-<list key>}: the pack's layer first when there is one, then one
   * layer per action, in the order given, each annotated with its key, output and time (and a
   * trusted writer's name and tag). Actions past {@link #MAX_SET_BYTES} are left out.
   */
  static byte[] set(List<Action> actions, Optional<Pack> pack) throws IOException {
    ObjectNode root = root(SET_TYPE);
    ArrayNode layers = root.putArray("layers");
    long bytes = 400;
    if (pack.isPresent()) {
      ObjectNode layer = layers.addObject();
      layer.put("mediaType", PACK_TYPE);
      layer.put("digest", pack.get().blob().toString());
      layer.put("size", pack.get().size());
      StringBuilder index = new StringBuilder();
      for (Slice slice : pack.get().slices()) {
        index.append(index.length() == 0 ? "" : ",").append(slice.body()).append('=');
        index.append(slice.size());
      }
      ObjectNode notes = layer.putObject("annotations");
      notes.put(PACK_BODIES, index.toString());
      if (pack.get().start() > 0) {
        notes.put(PACK_START, Long.toString(pack.get().start()));
      }
      bytes += index.length() + 200;
    }
    for (Action action : actions) {
      ObjectNode layer = addLayer(layers, action.layer());
      ObjectNode notes =
          layer.has("annotations")
              ? (ObjectNode) layer.get("annotations")
              : layer.putObject("annotations");
      notes.put(KEY, action.key());
      annotate(notes, action.record());
      bytes += JSON.writeValueAsBytes(layer).length + 1;
      if (bytes > MAX_SET_BYTES) {
        layers.remove(layers.size() - 1);
        break;
      }
    }
    return JSON.writeValueAsBytes(root);
  }

  /** The action an {@code ac-<key>} manifest holds; IllegalArgumentException if it is none. */
  static Action parseAction(String key, byte[] manifest) throws IOException {
    JsonNode root = JSON.readTree(manifest);
    return action(key, root.path("layers").path(0), root.path("annotations"));
  }

  /**
   * The actions of a set manifest, by key in its order, and its pack; IllegalArgumentException if
   * it is not a set. A pack whose index does not add up is left out: its bodies are then read one
   * by one.
   */
  static ActionSet parseSet(byte[] manifest) throws IOException {
    JsonNode root = JSON.readTree(manifest);
    if (!root.path("artifactType").asText().equals(SET_TYPE)) {
      throw new IllegalArgumentException("not a Slipway action set");
    }
    Map<String, Action> actions = new LinkedHashMap<>();
    Optional<Pack> pack = Optional.empty();
    for (JsonNode layer : root.path("layers")) {
      if (layer.path("mediaType").asText().equals(PACK_TYPE)) {
        pack = pack.or(() -> parsePack(layer));
        continue;
      }
      JsonNode notes = layer.path("annotations");
      String key = ActionKeys.check(notes.path(KEY).asText());
      actions.put(key, action(key, layer, notes));
    }
    return new ActionSet(actions, pack);
  }

  /** A pack layer, if its index is well formed and accounts for exactly the blob's bytes. */
  private static Optional<Pack> parsePack(JsonNode layer) {
    try {
      Digest blob = Digest.parse(layer.path("digest").asText());
      long size = layer.path("size").asLong(-1);
      String index = layer.path("annotations").path(PACK_BODIES).asText();
      long offset = Long.parseLong(layer.path("annotations").path(PACK_START).asText("0"));
      if (size < 0 || size > PACK_MAX || index.isEmpty() || offset < 0 || offset > size) {
        return Optional.empty();
      }
      List<Slice> slices = new ArrayList<>();
      for (String entry : index.split(",", -1)) {
        int equals = entry.lastIndexOf('=');
        if (equals < 0) {
          return Optional.empty();
        }
        long length = Long.parseLong(entry.substring(equals + 1));
        if (length < 0 || length > size - offset) {
          return Optional.empty();
        }
        slices.add(new Slice(Digest.parse(entry.substring(0, equals)), offset, length));
        offset += length;
      }
      return offset == size
          ? Optional.of(new Pack(blob, size, List.copyOf(slices)))
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // NumberFormatException included
    }
  }

  private static Action action(String key, JsonNode layer, JsonNode notes) {
    String mediaType = layer.path("mediaType").asText();
    Digest blob = Digest.parse(layer.path("digest").asText());
    long blobSize = layer.path("size").asLong(-1);
    Layer form;
    if (mediaType.equals(SALTED_BODY_TYPE)) {
      form =
          new Layer(
              mediaType,
              blob,
              blobSize,
              Digest.parse(layer.path("annotations").path(BODY).asText()),
              blobSize - SALT_LENGTH);
    } else if (mediaType.equals(BODY_TYPE)) {
      form = Layer.raw(blob, blobSize);
    } else {
      throw new IllegalArgumentException("unknown body media type " + mediaType);
    }
    ActionRecord record =
        new ActionRecord(
            Digest.parse(notes.path(OUTPUT).asText()),
            form.body(),
            form.bodySize(),
            Instant.ofEpochMilli(notes.path(TIME).asLong()),
            notes.hasNonNull(WRITER) ? notes.get(WRITER).asText() : null,
            notes.hasNonNull(TAG) ? notes.get(TAG).asText() : null);
    return new Action(key, record, form);
  }

  private static ObjectNode root(String artifactType) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", MANIFEST_TYPE);
    root.put("artifactType", artifactType);
    ObjectNode config = root.putObject("config");
    config.put("mediaType", EMPTY_TYPE);
    config.put("digest", Digest.sha256Of(EMPTY).toString());
    config.put("size", EMPTY.length);
    return root;
  }

  private static ObjectNode addLayer(ArrayNode layers, Layer layer) {
    ObjectNode node = layers.addObject();
    node.put("mediaType", layer.mediaType());
    node.put("digest", layer.blob().toString());
    node.put("size", layer.blobSize());
    if (layer.salted()) {
      node.putObject("annotations").put(BODY, layer.body().toString());
    }
    return node;
  }
}
