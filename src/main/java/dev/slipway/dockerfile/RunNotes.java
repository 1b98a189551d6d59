package dev.slipway.dockerfile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Says what a {@code RUN} of the final stage did, which Slipway cannot do: it never runs commands
 * in the image. Package installs are named, so the reader can judge whether the base still needs
 * them.
 */
final class RunNotes {
  private static final Set<String> FOUND_IN_SLIPWAY_BASE = Set.of("ca-certificates", "tzdata");
  private static final Set<String> C_TOOLCHAIN =
      Set.of("gcc", "build-base", "musl-dev", "libc-dev", "libc6-dev", "build-essential", "clang");

  private RunNotes() {}

  /** The packages a {@code RUN} installs with apk, apt-get, apt, yum, dnf or microdnf. */
  static List<String> packages(List<ShellScript.Command> commands) {
    Set<String> out = new LinkedHashSet<>();
    for (ShellScript.Command command : commands) {
      List<String> words = command.words();
      int verb = installVerb(words);
      if (verb < 0) {
        continue;
      }
      for (String word : words.subList(verb + 1, words.size())) {
        if (!word.startsWith("-")) {
          out.add(word);
        }
      }
    }
    return List.copyOf(out);
  }

  private static int installVerb(List<String> words) {
    if (words.isEmpty()) {
      return -1;
    }
    String tool = ImagePaths.name(words.get(0));
    String verb = tool.equals("apk") ? "add" : "install";
    if (!Set.of("apk", "apt-get", "apt", "yum", "dnf", "microdnf").contains(tool)) {
      return -1;
    }
    return words.indexOf(verb);
  }

  /** Whether any of {@code packages} is a C compiler or C library headers. */
  static boolean installsCToolchain(List<String> packages) {
    return packages.stream().anyMatch(C_TOOLCHAIN::contains);
  }

  /** Why a final-stage {@code RUN} is not translated, as one sentence. */
  static String describe(List<ShellScript.Command> commands, boolean slipwayBase) {
    List<String> packages = packages(commands);
    List<String> what = new ArrayList<>();
    if (!packages.isEmpty()) {
      String list = String.join(" ", packages);
      if (FOUND_IN_SLIPWAY_BASE.containsAll(packages)) {
        what.add(
            "installs "
                + list
                + (slipwayBase
                    ? ", which Slipway's static base already has"
                    : ", which Slipway's static base has: without base:, the image gets them"));
      } else {
        what.add("installs packages (" + list + "), which the base image must provide instead");
      }
    }
    for (ShellScript.Command command : commands) {
      String tool = ImagePaths.name(command.words().get(0));
      if (Set.of("useradd", "adduser", "addgroup", "groupadd").contains(tool)) {
        what.add("creates users or groups (Slipway's base has nonroot, 65532)");
      } else if (Set.of("wget", "curl").contains(tool)) {
        what.add("downloads files at build time");
      } else if (Set.of("chmod", "chown", "mkdir", "ln", "rm", "mv", "cp", "touch")
          .contains(tool)) {
        what.add("changes files (" + tool + ")");
      }
    }
    String did =
        what.isEmpty()
            ? "runs commands in the image"
            : String.join("; ", new LinkedHashSet<>(what));
    return "RUN " + did + ": Slipway does not run commands in the image";
  }
}
