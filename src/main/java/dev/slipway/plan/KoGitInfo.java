package dev.slipway.plan;

import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code .Git} of ko's flag templates, found as ko finds it (pkg/internal/git/info.go): the
 * same git commands, read the same way, and the same answers when they fail. ko never fails a build
 * over git: outside a work tree, without git, or before the first commit, every field is Go's zero
 * value; without a tag the tag is {@code v0.0.0}.
 *
 * @param commitTimestamp the commit's time in Unix seconds; {@link #ZERO_TIME} when unknown
 * @param dirty whether {@code git status --porcelain} lists anything, or fails
 */
public record KoGitInfo(
    String branch,
    String tag,
    String shortCommit,
    String fullCommit,
    long commitTimestamp,
    boolean dirty) {
  /** Go's zero {@code time.Time} in Unix seconds: 0001-01-01T00:00:00Z. */
  public static final long ZERO_TIME = -62135596800L;

  /** 9999-12-31T23:59:59Z, the last second RFC 3339 can write. */
  private static final long LAST_TIME = 253402300799L;

  /** What ko reports when there is no git information. */
  public static final KoGitInfo NONE = new KoGitInfo("", "", "", "", ZERO_TIME, false);

  /** Go's strconv.ParseInt in base 10: an optional sign and ASCII digits. */
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

  public KoGitInfo {
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(shortCommit, "shortCommit");
    Objects.requireNonNull(fullCommit, "fullCommit");
    if (commitTimestamp < ZERO_TIME || commitTimestamp > LAST_TIME) {
      throw new IllegalArgumentException("commit time out of range: " + commitTimestamp);
    }
  }

  /**
   * Runs git in {@code dir} with exactly {@code environment} (git finds its config through HOME,
   * and itself on PATH).
   *
   * @throws InterruptedIOException if interrupted while git runs
   */
  public static KoGitInfo read(Path dir, Map<String, String> environment)
      throws InterruptedIOException {
    Git git = new Git(dir, environment);
    if (!git.run("rev-parse", "--is-inside-work-tree")
        .map(String::strip)
        .orElse("")
        .equals("true")) {
      return NONE;
    }
    Optional<String> branch = git.run("rev-parse", "--abbrev-ref", "HEAD", "--quiet");
    Optional<String> shortCommit = git.run("show", "--format=%h", "HEAD", "--quiet");
    Optional<String> fullCommit = git.run("show", "--format=%H", "HEAD", "--quiet");
    // ko passes the quotes to git, which prints them; clean() removes them again.
    Optional<String> date = git.run("show", "--format='%ct'", "HEAD", "--quiet");
    if (branch.isEmpty() || shortCommit.isEmpty() || fullCommit.isEmpty() || date.isEmpty()) {
      return NONE;
    }
    String seconds = clean(date.get());
    long timestamp = ZERO_TIME;
    if (!seconds.isEmpty()) {
      if (!INTEGER.matcher(seconds).matches()) {
        return NONE;
      }
      try {
        timestamp = Long.parseLong(seconds);
      } catch (NumberFormatException e) {
        return NONE;
      }
      if (timestamp < ZERO_TIME || timestamp > LAST_TIME) {
        return NONE;
      }
    }
    boolean dirty = git.run("status", "--porcelain").map(s -> !s.strip().isEmpty()).orElse(true);
    String tag =
        git.run("describe", "--tags", "--abbrev=0", "HEAD")
            .map(KoGitInfo::firstTag)
            .orElse("v0.0.0");
    return new KoGitInfo(
        clean(branch.get()),
        tag,
        clean(shortCommit.get()),
        clean(fullCommit.get()),
        timestamp,
        dirty);
  }

  /** The commit time as ko writes it: RFC 3339 in UTC, to the second. */
  public String commitDate() {
    LocalDateTime t = LocalDateTime.ofEpochSecond(commitTimestamp, 0, ZoneOffset.UTC);
    return String.format(
        "%04d-%02d-%02dT%02d:%02d:%02dZ",
        t.getYear(),
        t.getMonthValue(),
        t.getDayOfMonth(),
        t.getHour(),
        t.getMinute(),
        t.getSecond());
  }

  /** ko's {@code Info.TemplateValue()}: the map templates see as {@code .Git}. */
  public Map<String, Object> templateValue() {
    return Map.of(
        "Branch", branch,
        "Tag", tag,
        "ShortCommit", shortCommit,
        "FullCommit", fullCommit,
        "CommitDate", commitDate(),
        "CommitTimestamp", commitTimestamp,
        "IsDirty", dirty,
        "IsClean", !dirty,
        "TreeState", dirty ? "dirty" : "clean");
  }

  /** ko's clean(): the first line, without single quotes. */
  private static String clean(String output) {
    return output.split("\n", -1)[0].replace("'", "");
  }

  /** ko's cleanAllLines() then filterOut() with no exclusions: the first non-blank line. */
  private static String firstTag(String output) {
    for (String line : output.split("\n", -1)) {
      String tag = line.replace("'", "").strip();
      if (!tag.isEmpty()) {
        return tag;
      }
    }
    return "";
  }

  /** ko's run(): git with signatures off in logs; stdout when git succeeds. */
  private record Git(Path dir, Map<String, String> environment) {
    Optional<String> run(String... args) throws InterruptedIOException {
      List<String> withOptions = new ArrayList<>(List.of("-c", "log.showSignature=false"));
      withOptions.addAll(List.of(args));
      return GitCommand.output(dir, environment, withOptions.toArray(String[]::new));
    }
  }
}
