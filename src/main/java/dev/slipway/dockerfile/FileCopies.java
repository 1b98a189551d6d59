package dev.slipway.dockerfile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The final stage's files other than its binary, as slipway.yaml {@code files}: copies from the
 * build context, and copies from build stages traced back to the context. Files that come from
 * images or that a {@code RUN} made cannot be listed; those become notes.
 */
final class FileCopies {
  /** What Slipway's static base already holds: CA certificates, time zones, its users. */
  private static final List<String> IN_SLIPWAY_BASE =
      List.of(
          "/etc/ssl/certs",
          "/etc/ssl/cert.pem",
          "/etc/pki/tls/certs",
          "/usr/share/zoneinfo",
          "/etc/passwd",
          "/etc/group");

  private final ContextTrace trace;
  private final Path root;
  private final String context;
  private final Notes notes;
  private final DockerIgnore ignore;
  private final List<FileCopy> files = new ArrayList<>();

  FileCopies(ContextTrace trace, Path root, String context, Notes notes, DockerIgnore ignore) {
    this.trace = trace;
    this.root = root;
    this.context = context;
    this.notes = notes;
    this.ignore = ignore;
  }

  List<FileCopy> all() {
    return List.copyOf(files);
  }

  /** A {@code COPY} or {@code ADD} from the build context. */
  void fromContext(Instruction.Copy copy) {
    checkFlags(copy);
    for (String source : copy.sources()) {
      if (copy.add() && source.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*|^git@.*")) {
        notes.notTranslated(
            copy.line(),
            "ADD "
                + source
                + " downloads at build time: put the file in the repository and list"
                + " it in files");
        continue;
      }
      String path =
          ImagePaths.clean(context + "/" + (source.startsWith("/") ? source.substring(1) : source));
      if (path.equals("..") || path.startsWith("../")) {
        notes.notTranslated(copy.line(), source + " is outside the repository");
        continue;
      }
      if (copy.add()
          && path.matches(".*\\.(tar|tar\\.gz|tgz|tar\\.bz2|tbz2|tar\\.xz|txz|tar\\.zst)$")) {
        notes.notTranslated(
            copy.line(),
            "ADD unpacks the archive "
                + source
                + "; files copies it as it is: unpack it in the"
                + " repository");
      }
      if (path.equals(".") || ImagePaths.clean(source).equals(".")) {
        notes.translated(
            copy.line(),
            copy.keyword() + " . puts the whole build context (" + path + ") in the image");
      }
      boolean glob = path.contains("*") || path.contains("?") || path.contains("[");
      if (!glob && !Files.exists(root.resolve(path))) {
        notes.notTranslated(
            copy.line(), source + " is not in the build context (" + path + "): left out");
        continue;
      }
      add(copy, source, path, glob);
    }
  }

  /** A {@code COPY --from} a stage: traced back to the context if a stage copied it from there. */
  void fromStage(Instruction.Copy copy, Stage from, String path, boolean slipwayBase) {
    checkFlags(copy);
    ContextTrace.Origin origin = trace.origin(from, path);
    if (origin instanceof ContextTrace.FromContext c && Files.exists(root.resolve(c.path()))) {
      add(copy, path, c.path(), false);
    } else if (origin instanceof ContextTrace.FromImage image) {
      fromImage(copy, image.image(), slipwayBase);
    } else if (!inSlipwayBase(path, copy, "stage " + from.label(), slipwayBase)) {
      notes.notTranslated(
          copy.line(),
          path
              + " of stage "
              + from.label()
              + " was made by a RUN (or came with its base"
              + " image), not copied from the build context: left out");
    }
  }

  /** A {@code COPY --from} an image: only what Slipway's base has anyway is accounted for. */
  void fromImage(Instruction.Copy copy, String image, boolean slipwayBase) {
    for (String source : copy.sources()) {
      String path = ImagePaths.clean("/" + source);
      if (!inSlipwayBase(path, copy, image, slipwayBase)) {
        notes.notTranslated(
            copy.line(), "copies " + path + " from the image " + image + ": left out");
      }
    }
  }

  private boolean inSlipwayBase(String path, Instruction.Copy copy, String from, boolean base) {
    for (String known : IN_SLIPWAY_BASE) {
      if (ImagePaths.within(path, known) || (ImagePaths.within(known, path) && !path.equals("/"))) {
        notes.translated(
            copy.line(),
            "copies "
                + path
                + " from "
                + from
                + ": "
                + (base
                    ? "Slipway's static base has CA certificates, time zones and users already"
                    : "Slipway's static base has it, but this target keeps its base image"));
        return true;
      }
    }
    return false;
  }

  private void add(Instruction.Copy copy, String source, String path, boolean glob) {
    if (!glob && !Files.isDirectory(root.resolve(path)) && ignore.excludes(path)) {
      notes.notTranslated(
          copy.line(), source + " is left out of the build context by .dockerignore: left out");
      return;
    }
    String dest = copy.destination();
    boolean destDir = dest.endsWith("/") || copy.sources().size() > 1;
    String to;
    if (glob) {
      to = ImagePaths.clean(dest).equals("/") ? "/" : ImagePaths.clean(dest) + "/";
    } else if (Files.isDirectory(root.resolve(path))) {
      to =
          copy.parents() ? ImagePaths.join(dest, ImagePaths.clean(source)) : ImagePaths.clean(dest);
    } else if (copy.parents()) {
      to = ImagePaths.join(dest, ImagePaths.clean(source));
    } else {
      to = destDir ? ImagePaths.join(dest, ImagePaths.name(source)) : ImagePaths.clean(dest);
    }
    boolean leavesOut;
    try {
      leavesOut = ignore.excludesBelow(root, glob ? globDirectory(path) : path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    files.add(new FileCopy(path, to, mode(copy), leavesOut ? ignore.patterns() : List.of()));
  }

  /** The directory a glob's matches lie under: its elements before the first wildcard. */
  private static String globDirectory(String glob) {
    List<String> out = new ArrayList<>();
    for (String element : glob.split("/")) {
      if (element.contains("*") || element.contains("?") || element.contains("[")) {
        break;
      }
      out.add(element);
    }
    return out.isEmpty() ? "." : String.join("/", out);
  }

  private String mode(Instruction.Copy copy) {
    String chmod = copy.chmod();
    if (chmod == null) {
      return null;
    }
    if (chmod.matches("0?[0-7]{3,4}")) {
      return chmod.length() == 3 ? "0" + chmod : chmod;
    }
    notes.notTranslated(copy.line(), "--chmod=" + chmod + " is not an octal mode: left out");
    return null;
  }

  private void checkFlags(Instruction.Copy copy) {
    if (copy.chown() != null) {
      notes.translated(
          copy.line(),
          "--chown="
              + copy.chown()
              + " is not kept: Slipway's files belong to root and are"
              + " readable by all");
    }
    if (!copy.heredocs().isEmpty()) {
      notes.notTranslated(
          copy.line(),
          copy.keyword()
              + " writes an inline file from a heredoc: put it in the repository and"
              + " list it in files");
    }
    if (!copy.excludes().isEmpty()) {
      notes.notTranslated(copy.line(), "--exclude is not kept: files copies whole paths or globs");
    }
  }
}
