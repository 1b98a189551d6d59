package dev.slipway.dockerfile;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The target's {@code user} from the final stage's {@code USER}. A user is looked up by name in the
 * image's {@code /etc/passwd} when the container starts, so a name the image does not have stops it
 * from starting at all: one that a {@code RUN adduser} creates (Slipway runs no RUN, and does not
 * copy a builder's {@code /etc/passwd} either), and, on Slipway's static base, one that the
 * Dockerfile's base had and that base does not (it has root and nonroot only). Such a name becomes
 * the numeric user it stood for, where init knows it.
 */
final class UserMapping {
  /** Users of distroless static that Slipway's static base lacks, with their uid:gid. */
  private static final Map<String, String> DISTROLESS = Map.of("nobody", "65534:65534");

  private static final Set<String> IN_SLIPWAY_BASE = Set.of("root", "nonroot");
  private static final Set<String> CREATES_USERS = Set.of("useradd", "adduser");

  private final Notes notes;

  UserMapping(Notes notes) {
    this.notes = notes;
  }

  /**
   * The user for slipway.yaml, or null for Slipway's default (65532).
   *
   * @param user the final stage's last {@code USER}, or null
   * @param runs every {@code RUN} of the Dockerfile, in order: the last to create the user counts
   * @param slipwayBase whether the image gets Slipway's static base rather than a base of its own
   */
  String of(Instruction.User user, List<ContextTrace.Located> runs, boolean slipwayBase) {
    if (user == null) {
      return null;
    }
    String value = user.user();
    int colon = value.indexOf(':');
    String name = colon < 0 ? value : value.substring(0, colon);
    String group = colon < 0 ? null : value.substring(colon + 1);
    if (name.matches("[0-9]+") || name.contains("$")) {
      return value;
    }
    for (int i = runs.size() - 1; i >= 0; i--) {
      ContextTrace.Located located = runs.get(i);
      Instruction.Run run = (Instruction.Run) located.step().instruction();
      for (ShellScript.Command command : GoBinaries.commands(run, located.step())) {
        if (creates(command, name)) {
          return created(user, group, command, run.line());
        }
      }
    }
    if (!slipwayBase || IN_SLIPWAY_BASE.contains(name)) {
      return value;
    }
    String known = DISTROLESS.get(name);
    if (known != null) {
      notes.translated(
          user.line(),
          "USER "
              + value
              + ": Slipway's static base has no user "
              + name
              + " (only root and nonroot), so the image runs as "
              + known
              + ", the ids distroless gives it");
      return known;
    }
    notes.notTranslated(
        user.line(),
        "USER "
            + value
            + ": Slipway's static base has no user "
            + name
            + " (only root and nonroot), so the image could not start as it: left to Slipway's"
            + " default, 65532 (nonroot); give a numeric user if it must be another");
    return null;
  }

  private String created(
      Instruction.User user, String group, ShellScript.Command command, int line) {
    String uid = option(command.words(), "-u", "--uid");
    if (uid == null || !uid.matches("[0-9]+")) {
      notes.notTranslated(
          user.line(),
          "USER "
              + user.user()
              + " is created by the RUN at line "
              + line
              + ", which Slipway does not run, with no fixed uid: left to Slipway's default,"
              + " 65532 (nonroot)");
      return null;
    }
    // busybox adduser's -g is the GECOS field; useradd's is the group.
    boolean useradd = ImagePaths.name(command.words().get(0)).equals("useradd");
    String gid = option(command.words(), useradd ? "-g" : "--gid", "--gid");
    if (gid == null || !gid.matches("[0-9]+")) {
      // adduser and useradd give a new user a group of its own name, with the uid's number if free
      gid = group != null && group.matches("[0-9]+") ? group : uid;
    }
    notes.translated(
        user.line(),
        "USER "
            + user.user()
            + " is created by the RUN at line "
            + line
            + ", which Slipway does not run: the image runs as its ids, "
            + uid
            + ":"
            + gid);
    return uid + ":" + gid;
  }

  /** Whether {@code command} is a useradd or adduser that creates {@code name}. */
  private static boolean creates(ShellScript.Command command, String name) {
    List<String> words = command.words();
    return !words.isEmpty()
        && CREATES_USERS.contains(ImagePaths.name(words.get(0)))
        && words.subList(1, words.size()).contains(name);
  }

  /** The value of {@code -x N}, {@code --long N} or {@code --long=N}, or null. */
  private static String option(List<String> words, String shortName, String longName) {
    for (int i = 1; i < words.size(); i++) {
      String w = words.get(i);
      if (w.startsWith(longName + "=")) {
        return w.substring(longName.length() + 1);
      }
      if ((w.equals(shortName) || w.equals(longName)) && i + 1 < words.size()) {
        return words.get(i + 1);
      }
    }
    return null;
  }
}
