package dev.slipway.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One {@code RUN --mount}, as far as init follows it: what it puts where for the length of that
 * {@code RUN}. {@code docker init}'s Go Dockerfile builds with the context bind-mounted ({@code
 * --mount=type=bind,target=.}) instead of copying it, so the sources a build reads may come from a
 * mount rather than a {@code COPY}.
 *
 * @param type {@code bind}, {@code cache}, {@code tmpfs}, {@code secret} or {@code ssh}
 * @param target where it is mounted, absolute
 * @param source the path in what is mounted ({@code .} for its root); for a bind mount, in the
 *     build context unless {@code from} names a stage or an image
 * @param from the stage or image a bind mount takes its files from, or null for the context
 */
record RunMount(String type, String target, String source, String from) {
  /**
   * The mounts of a {@code RUN} whose working directory is {@code workdir}, in order. A mount init
   * cannot read (a variable in its paths, a secret or ssh mount without a target) is left out.
   */
  static List<RunMount> of(Instruction.Run run, String workdir) {
    List<RunMount> out = new ArrayList<>();
    for (String flag : run.mounts()) {
      RunMount mount = parse(flag, workdir);
      if (mount != null) {
        out.add(mount);
      }
    }
    return out;
  }

  /** One {@code --mount} value: comma-separated {@code key=value} fields, as BuildKit reads it. */
  static RunMount parse(String value, String workdir) {
    String type = "bind";
    String target = null;
    String source = null;
    String from = null;
    for (String field : value.split(",")) {
      int eq = field.indexOf('=');
      String key = (eq < 0 ? field : field.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
      String v = eq < 0 ? "" : unquote(field.substring(eq + 1).strip());
      switch (key) {
        case "type" -> type = v.toLowerCase(Locale.ROOT);
        case "target", "dst", "destination" -> target = v;
        case "source", "src" -> source = v;
        case "from" -> from = v;
        default -> {
          // readonly, rw, id, sharing, mode, uid, gid, size, required: nothing init follows
        }
      }
    }
    if (target == null || target.contains("$") || (source != null && source.contains("$"))) {
      return null;
    }
    // BuildKit mounts a relative target under the RUN's working directory.
    String absolute = ImagePaths.clean(ImagePaths.resolve(workdir, target));
    String src = source == null ? "." : ImagePaths.clean(source.replaceFirst("^/+", ""));
    return new RunMount(type, absolute, src, from == null || from.isEmpty() ? null : from);
  }

  private static String unquote(String v) {
    boolean quoted =
        v.length() >= 2
            && ((v.startsWith("\"") && v.endsWith("\"")) || (v.startsWith("'") && v.endsWith("'")));
    return quoted ? v.substring(1, v.length() - 1) : v;
  }

  /** Whether the mount covers {@code path} (absolute, clean) while the {@code RUN} runs. */
  boolean covers(String path) {
    return ImagePaths.within(path, target);
  }

  /** Where {@code path}, which this mount covers, is in what is mounted. */
  String sourceOf(String path) {
    return ImagePaths.join(source, ImagePaths.relative(path, target));
  }
}
