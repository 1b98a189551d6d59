package dev.slipway.modfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A ModFile in the shape of {@code go mod edit -json}, and go's output normalized to compare. */
final class GoJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> LISTS =
      List.of("GoDebug", "Require", "Exclude", "Replace", "Retract", "Tool", "Ignore");

  private GoJson() {}

  /**
   * What go mod edit -json prints for f: its SortBlocks and Cleanup drop repeated directives and
   * empty godebug keys first.
   */
  static ObjectNode of(ModFile f) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode module = root.putObject("Module").put("Path", f.module());
    f.deprecated().ifPresent(d -> module.put("Deprecated", d));
    f.go().ifPresent(v -> root.put("Go", v));
    f.toolchain().ifPresent(v -> root.put("Toolchain", v));
    ArrayNode debug = root.putArray("GoDebug");
    f.godebugs().stream()
        .filter(g -> !g.key().isEmpty())
        .forEach(g -> debug.addObject().put("Key", g.key()).put("Value", g.value()));
    ArrayNode require = root.putArray("Require");
    for (Require r : f.requires()) {
      ObjectNode n =
          require.addObject().put("Path", r.mv().path()).put("Version", r.mv().version());
      if (r.indirect()) {
        n.put("Indirect", true);
      }
    }
    ArrayNode exclude = root.putArray("Exclude");
    f.excludes().stream()
        .map(Exclude::mv)
        .distinct()
        .forEach(x -> exclude.addObject().put("Path", x.path()).put("Version", x.version()));
    ArrayNode replace = root.putArray("Replace");
    Map<String, Replace> last = new LinkedHashMap<>();
    for (Replace r : f.replaces()) {
      last.put(r.oldPath() + "@" + r.oldVersion().orElse(""), r);
    }
    for (Replace r : f.replaces()) {
      @SuppressWarnings("ReferenceEquality") // this very directive, not an equal one
      boolean overridden = last.get(r.oldPath() + "@" + r.oldVersion().orElse("")) != r;
      if (overridden) {
        continue; // a later replace for the same module wins
      }
      ObjectNode n = replace.addObject();
      ObjectNode old = n.putObject("Old").put("Path", r.oldPath());
      r.oldVersion().ifPresent(v -> old.put("Version", v));
      ObjectNode nw = n.putObject("New").put("Path", r.newPath());
      r.newVersion().ifPresent(v -> nw.put("Version", v));
    }
    ArrayNode retract = root.putArray("Retract");
    for (Retract r : f.retracts()) {
      ObjectNode n = retract.addObject().put("Low", r.low()).put("High", r.high());
      if (!r.rationale().isEmpty()) {
        n.put("Rationale", r.rationale());
      }
    }
    ArrayNode tool = root.putArray("Tool");
    f.tools().stream().distinct().forEach(t -> tool.addObject().put("Path", t));
    ArrayNode ignore = root.putArray("Ignore");
    f.ignores().stream().distinct().forEach(i -> ignore.addObject().put("Path", i));
    return root;
  }

  /** go writes null for an empty list and omits some; make both sides alike. */
  static JsonNode normalize(JsonNode goJson) {
    ObjectNode copy = goJson.deepCopy();
    for (String list : LISTS) {
      if (!copy.has(list) || copy.get(list).isNull()) {
        copy.putArray(list);
      }
    }
    return copy;
  }
}
