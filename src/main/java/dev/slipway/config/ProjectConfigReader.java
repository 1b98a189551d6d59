package dev.slipway.config;

import dev.slipway.core.ImageReference;
import dev.slipway.core.UsageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@code slipway.yaml} strictly: an unknown key, a value of the wrong type, a malformed name,
 * path, port or mode is bad input naming its {@code file:line:column}. Checks that need the file
 * system or the platform list are left to {@code plan}, with the places kept in {@link Located}
 * values.
 */
public final class ProjectConfigReader {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*");
  private static final Pattern PORT = Pattern.compile("(\\d{1,5})(?:/(tcp|udp|sctp))?");
  private static final Pattern MODE = Pattern.compile("(?:0o|0)?([0-7]{1,4})");

  private ProjectConfigReader() {}

  /**
   * Reads {@code file}, naming it in errors as {@code shown} (the path as the user would write it).
   */
  public static ProjectConfig read(Path file, String shown) throws UsageException, IOException {
    Optional<Node> root = YamlFiles.compose(file, shown);
    if (root.isEmpty()) {
      return new ProjectConfig(file, TargetConfig.EMPTY, Map.of());
    }
    YamlMapping top = YamlMapping.of(shown, root.get(), "the file");
    Optional<Located<String>> version = top.string("version");
    if (version.isPresent() && !version.get().value().equals("1")) {
      throw ConfigException.at(
          version.get().where(), "version " + version.get().value() + " is not known; use 1");
    }
    TargetConfig defaults = TargetConfig.EMPTY;
    Optional<YamlMapping> d = top.mapping("defaults");
    if (d.isPresent()) {
      defaults = target(d.get(), false, "defaults");
    }
    Map<String, TargetConfig> targets = new LinkedHashMap<>();
    Optional<YamlMapping> t = top.mapping("targets");
    if (t.isPresent()) {
      for (String name : t.get().keys()) {
        if (!NAME.matcher(name).matches()) {
          throw ConfigException.at(
              t.get().whereKey(name),
              "target name \""
                  + name
                  + "\" cannot be an image name: use lowercase letters, digits and . _ -");
        }
        YamlMapping section =
            YamlMapping.of(shown, t.get().node(name).orElse(null), "target \"" + name + "\"");
        TargetConfig target = target(section, true, "target \"" + name + "\"");
        if (target.main().isEmpty()) {
          throw ConfigException.at(
              section.where(), "target \"" + name + "\" needs \"main\": its Go main package");
        }
        targets.put(name, target);
      }
    }
    top.done("the file");
    return new ProjectConfig(file, defaults, targets);
  }

  private static TargetConfig target(YamlMapping m, boolean isTarget, String context)
      throws UsageException {
    Optional<Located<String>> main = Optional.empty();
    Optional<Located<String>> repository = Optional.empty();
    Optional<List<Located<String>>> tags = Optional.empty();
    if (isTarget) {
      main = m.string("main");
      if (main.isPresent()) {
        relativePath(main.get(), "main");
      }
      repository = m.string("repository");
      if (repository.isPresent()) {
        reference(repository.get(), "repository");
        if (ImageReference.parse(repository.get().value()).digest() != null) {
          throw ConfigException.at(repository.get().where(), "push to a repository, not a digest");
        }
      }
      tags = m.strings("tags");
      for (Located<String> tag : tags.orElse(List.of())) {
        reference(new Located<>("x:" + tag.value(), tag.where()), "tag " + tag.value());
      }
    }
    Optional<Located<String>> base = m.string("base");
    if (base.isPresent() && !base.get().value().equals("scratch")) {
      reference(base.get(), "base");
    }
    Optional<List<Located<String>>> ports = m.strings("ports");
    for (Located<String> port : ports.orElse(List.of())) {
      var match = PORT.matcher(port.value());
      if (!match.matches()
          || Integer.parseInt(match.group(1)) < 1
          || Integer.parseInt(match.group(1)) > 65535) {
        throw ConfigException.at(
            port.where(),
            "port " + port.value() + ": expected 1-65535, optionally /tcp, /udp or /sctp");
      }
    }
    Optional<Located<String>> workdir = m.string("workdir");
    if (workdir.isPresent()) {
      absolutePath(workdir.get(), "workdir");
    }
    Optional<Map<String, Located<String>>> env = m.stringMap("env");
    names("env", env);
    TargetConfig out =
        new TargetConfig(
            main,
            repository,
            tags,
            base,
            m.strings("platforms"),
            build(m),
            files(m),
            workdir,
            env,
            m.strings("entrypoint"),
            m.strings("args"),
            m.string("user"),
            ports,
            m.stringMap("labels"),
            m.stringMap("annotations"));
    m.done(context);
    return out;
  }

  private static BuildConfig build(YamlMapping target) throws UsageException {
    Optional<YamlMapping> b = target.mapping("build");
    if (b.isEmpty()) {
      return BuildConfig.EMPTY;
    }
    YamlMapping m = b.get();
    Optional<Map<String, Located<String>>> env = m.stringMap("env");
    names("env", env);
    BuildConfig out =
        new BuildConfig(env, m.strings("flags"), m.strings("ldflags"), m.strings("tags"));
    m.done("\"build\"");
    return out;
  }

  private static Optional<List<FileMapping>> files(YamlMapping target) throws UsageException {
    Optional<List<Node>> items = target.sequence("files");
    if (items.isEmpty()) {
      return Optional.empty();
    }
    List<FileMapping> out = new ArrayList<>();
    for (Node item : items.get()) {
      YamlMapping m = YamlMapping.of(target.file(), item, "each item of \"files\"");
      Optional<Located<String>> from = m.string("from");
      Optional<Located<String>> to = m.string("to");
      Optional<Located<String>> mode = m.string("mode");
      List<String> exclude =
          m.strings("exclude").orElse(List.of()).stream().map(Located::value).toList();
      m.done("an item of \"files\"");
      if (from.isEmpty() || to.isEmpty()) {
        throw ConfigException.at(m.where(), "each item of \"files\" needs \"from\" and \"to\"");
      }
      relativePath(from.get(), "from");
      absolutePath(to.get(), "to");
      Optional<Integer> bits = Optional.empty();
      if (mode.isPresent()) {
        var match = MODE.matcher(mode.get().value());
        if (!match.matches()) {
          throw ConfigException.at(
              mode.get().where(), "mode " + mode.get().value() + ": expected octal, such as 0644");
        }
        bits = Optional.of(Integer.parseInt(match.group(1), 8));
      }
      out.add(new FileMapping(from.get().value(), to.get().value(), bits, exclude, m.where()));
    }
    return Optional.of(List.copyOf(out));
  }

  private static void names(String key, Optional<Map<String, Located<String>>> values)
      throws UsageException {
    for (String name : values.orElse(Map.of()).keySet()) {
      if (name.isEmpty() || name.contains("=")) {
        throw ConfigException.at(
            values.get().get(name).where(), "\"" + key + "\" name \"" + name + "\" is not valid");
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

  /** A path inside the project: relative, and not climbing out of it. */
  private static void relativePath(Located<String> value, String key) throws UsageException {
    String p = value.value();
    Path path = Path.of(p).normalize();
    if (p.isEmpty() || Path.of(p).isAbsolute() || path.startsWith("..")) {
      throw ConfigException.at(
          value.where(),
          "\"" + key + "\" " + p + " must be a path inside the project, relative to this file");
    }
  }

  private static void absolutePath(Located<String> value, String key) throws UsageException {
    if (!value.value().startsWith("/")) {
      throw ConfigException.at(
          value.where(),
          "\"" + key + "\" " + value.value() + " must be an absolute path in the image");
    }
  }
}
