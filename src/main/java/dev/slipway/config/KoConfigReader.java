package dev.slipway.config;

import dev.slipway.core.GoSpace;
import dev.slipway.core.ImageReference;
import dev.slipway.core.UsageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads {@code .ko.yaml} as ko does: keys compared without case, a scalar where ko takes a list
 * read as ko reads it, and keys ko does not know ignored (and listed, for a warning). Values ko
 * would refuse (a malformed image reference, an environment entry without {@code =}) are bad input
 * naming {@code file:line:column}; so are the keys ko honours and Slipway cannot yet.
 */
public final class KoConfigReader {
  private KoConfigReader() {}

  /** Reads {@code file}, naming it in errors as {@code shown}. */
  public static KoConfig read(Path file, String shown) throws UsageException, IOException {
    Optional<Node> root = YamlFiles.compose(file, shown);
    if (root.isEmpty()) {
      return KoConfig.none(file);
    }
    YamlMapping top = YamlMapping.of(shown, root.get(), "the file");
    Optional<Located<String>> base = top.string(top.keyIgnoringCase("defaultBaseImage"));
    if (base.isPresent()) {
      reference(base.get(), "defaultBaseImage");
    }
    Map<String, Located<String>> overrides =
        top.stringMap(top.keyIgnoringCase("baseImageOverrides")).orElse(Map.of());
    for (Map.Entry<String, Located<String>> o : overrides.entrySet()) {
      reference(o.getValue(), "baseImageOverrides." + o.getKey());
    }
    List<KoBuild> builds = new ArrayList<>();
    List<Located<String>> ignored = new ArrayList<>();
    Optional<List<Node>> items = top.sequence(top.keyIgnoringCase("builds"));
    for (Node item : items.orElse(List.of())) {
      builds.add(
          build(YamlMapping.of(shown, item, "each item of \"builds\""), builds.size(), ignored));
    }
    Optional<List<Located<String>>> env = fields(top, "defaultEnv");
    assignments(env);
    Optional<List<Located<String>>> platforms = fields(top, "defaultPlatforms");
    Optional<List<Located<String>>> flags = fields(top, "defaultFlags");
    Optional<List<Located<String>>> ldflags = fields(top, "defaultLdflags");
    for (String key : top.unknownKeys()) {
      ignored.add(new Located<>(key, top.whereKey(key)));
    }
    return new KoConfig(file, base, overrides, builds, platforms, env, flags, ldflags, ignored);
  }

  private static KoBuild build(YamlMapping m, int index, List<Located<String>> ignored)
      throws UsageException {
    Optional<Located<String>> id = m.string(m.keyIgnoringCase("id"));
    Located<String> dir = m.string(m.keyIgnoringCase("dir")).orElse(new Located<>(".", m.where()));
    Located<String> main =
        m.string(m.keyIgnoringCase("main")).orElse(new Located<>(".", m.where()));
    Optional<List<Located<String>>> env = m.strings(m.keyIgnoringCase("env"));
    assignments(env);
    Optional<Node> caps = m.node(m.keyIgnoringCase("linux_capabilities"));
    if (caps.isPresent()) {
      throw ConfigException.at(
          YamlMapping.where(m.file(), caps.get()),
          "linux_capabilities: Slipway cannot set file capabilities on the binary yet; remove"
              + " the key, or build this image with ko");
    }
    KoBuild build =
        new KoBuild(
            id.map(Located::value).orElse("#" + index),
            dir,
            main,
            env,
            fields(m, "flags"),
            m.strings(m.keyIgnoringCase("ldflags")),
            m.where());
    for (String key : m.unknownKeys()) {
      ignored.add(new Located<>(key, m.whereKey(key)));
    }
    return build;
  }

  /**
   * A list, or a single scalar split at white space as ko splits {@code flags} and its {@code
   * default*} lists.
   */
  private static Optional<List<Located<String>>> fields(YamlMapping m, String name)
      throws UsageException {
    String key = m.keyIgnoringCase(name);
    Optional<Node> node = m.node(key);
    if (node.isPresent() && node.get() instanceof ScalarNode) {
      Located<String> whole = YamlMapping.scalar(m.file(), node.get(), "\"" + key + "\"");
      List<Located<String>> out = new ArrayList<>();
      for (String field : GoSpace.fields(whole.value())) {
        out.add(new Located<>(field, whole.where()));
      }
      return Optional.of(List.copyOf(out));
    }
    return m.strings(key);
  }

  private static void assignments(Optional<List<Located<String>>> env) throws UsageException {
    for (Located<String> e : env.orElse(List.of())) {
      if (e.value().indexOf('=') <= 0) {
        throw ConfigException.at(
            e.where(), "environment entry " + e.value() + ": expected KEY=VALUE");
      }
    }
  }

  private static void reference(Located<String> value, String what) throws UsageException {
    try {
      ImageReference.parse(value.value());
    } catch (IllegalArgumentException e) {
      throw ConfigException.at(value.where(), what + ": " + e.getMessage(), e);
    }
  }
}
