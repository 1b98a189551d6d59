package dev.slipway.dockerfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The build contexts a compose file ({@code services.*.build}) or a skaffold.yaml ({@code
 * build.artifacts[]}) gives its Dockerfiles: only {@code context} and {@code dockerfile} are read.
 * Paths come back relative to the repository root, by Dockerfile.
 */
final class BuildFileContexts {
  private BuildFileContexts() {}

  /** Dockerfile to context, from a compose file at {@code file} (relative to {@code root}). */
  static Map<String, String> compose(Path root, String file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    String dir = ImagePaths.clean(file + "/..");
    for (Object document : load(root, file)) {
      if (!(document instanceof Map<?, ?> top)
          || !(top.get("services") instanceof Map<?, ?> services)) {
        continue;
      }
      for (Object service : services.values()) {
        if (!(service instanceof Map<?, ?> s)) {
          continue;
        }
        Object build = s.get("build");
        if (build instanceof String context) {
          put(out, dir, context, null);
        } else if (build instanceof Map<?, ?> b) {
          put(out, dir, string(b.get("context"), "."), string(b.get("dockerfile"), null));
        }
      }
    }
    return out;
  }

  /** Dockerfile to context, from a skaffold.yaml at {@code file}. */
  static Map<String, String> skaffold(Path root, String file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    String dir = ImagePaths.clean(file + "/..");
    for (Object document : load(root, file)) {
      if (!(document instanceof Map<?, ?> top)
          || !(top.get("build") instanceof Map<?, ?> build)
          || !(build.get("artifacts") instanceof List<?> artifacts)) {
        continue;
      }
      for (Object artifact : artifacts) {
        if (!(artifact instanceof Map<?, ?> a)) {
          continue;
        }
        String dockerfile =
            a.get("docker") instanceof Map<?, ?> docker
                ? string(docker.get("dockerfile"), null)
                : null;
        put(out, dir, string(a.get("context"), "."), dockerfile);
      }
    }
    return out;
  }

  private static void put(Map<String, String> out, String dir, String context, String dockerfile) {
    String file = dockerfile == null ? "Dockerfile" : dockerfile;
    // A remote context (a Git URL), a path of one machine or a variable: nothing init can follow.
    if (context.contains("://")
        || context.startsWith("git@")
        || context.startsWith("/")
        || file.startsWith("/")
        || (context + file).contains("$")) {
      return;
    }
    String contextPath = ImagePaths.clean(dir + "/" + context);
    String dockerfilePath = ImagePaths.clean(contextPath + "/" + file);
    if (!contextPath.startsWith("..") && !dockerfilePath.startsWith("..")) {
      out.putIfAbsent(dockerfilePath, contextPath);
    }
  }

  private static String string(Object value, String otherwise) {
    return value instanceof String s && !s.isBlank() ? s : otherwise;
  }

  private static Iterable<Object> load(Path root, String file) throws IOException {
    String text = Files.readString(root.resolve(file), StandardCharsets.UTF_8);
    try {
      List<Object> documents = new ArrayList<>();
      new Load(LoadSettings.builder().setLabel(file).build())
          .loadAllFromString(text)
          .forEach(documents::add);
      return documents;
    } catch (YamlEngineException | UncheckedIOException e) {
      throw new IllegalArgumentException("not valid YAML: " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
