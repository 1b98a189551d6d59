package dev.slipway.ci;

import dev.slipway.core.Digest;
import dev.slipway.core.UsageException;
import dev.slipway.plan.GoEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A key for a CI system's own cache (GitLab's {@code cache:key}, actions/cache's {@code key}), the
 * same on every runner for the same inputs and different when they differ:
 *
 * <ul>
 *   <li>{@link Part#MODULES} (GOMODCACHE): the project's go.sum files ({@link GoSumSet}) alone,
 *       since downloaded modules depend on nothing else: {@code slipway-modules-<16 hex>};
 *   <li>{@link Part#COMPILE} (SLIPWAY_CACHE_DIR, GOCACHE): the go.sum files, the toolchain ({@code
 *       go env GOVERSION}) and the runner's platform ({@code go env GOOS GOARCH}): {@code
 *       slipway-go1.26.0-linux-amd64-<16 hex>}.
 * </ul>
 *
 * Source files are not part of either: a cache restored for a changed commit still holds nearly
 * everything it needs, and the build finds what changed.
 */
public final class CacheKey {
  /** Changes when what a key covers changes, so that no runner restores an older kind of cache. */
  private static final String SCHEME = "slipway ci cache-key 1";

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]+");

  private CacheKey() {}

  /** Which cache the key is for. */
  public enum Part {
    MODULES,
    COMPILE;

    /** {@code modules} or {@code compile}, as given on the command line. */
    public static Part parse(String flag, String text) throws UsageException {
      for (Part p : values()) {
        if (p.name().toLowerCase(Locale.ROOT).equals(text)) {
          return p;
        }
      }
      throw new UsageException(flag + " " + text + ": expected modules or compile");
    }
  }

  /** What {@code go env} said on this runner. */
  public record Toolchain(String goVersion, String goos, String goarch) {}

  /**
   * The key for a build started in {@code dir}, reading the go settings with {@code go env} in
   * {@code dir} with exactly {@code env} (the user's). Bad input names the place or the flag.
   */
  public static String compute(Path dir, Map<String, String> env, Part part, String prefix)
      throws UsageException, IOException {
    checkPrefix(prefix);
    GoEnv go = GoEnv.read(dir, env, "GOVERSION", "GOOS", "GOARCH", "GOWORK");
    GoSumSet sums = GoSumSet.find(dir, go.get("GOWORK"));
    return of(
        part, prefix, sums, new Toolchain(go.get("GOVERSION"), go.get("GOOS"), go.get("GOARCH")));
  }

  /** The key for these inputs. */
  public static String of(Part part, String prefix, GoSumSet sums, Toolchain toolchain)
      throws UsageException {
    checkPrefix(prefix);
    MessageDigest sha = Digest.newSha256();
    line(sha, SCHEME);
    line(sha, part.name());
    for (GoSumSet.Entry e : sums.entries()) {
      line(sha, "sum " + e.path() + " " + (e.sha256().isEmpty() ? "-" : e.sha256()));
    }
    if (part == Part.MODULES) {
      return prefix + "-modules-" + hex16(sha);
    }
    line(sha, "toolchain " + toolchain.goVersion());
    line(sha, "platform " + toolchain.goos() + "/" + toolchain.goarch());
    return String.join(
        "-",
        prefix,
        readable(toolchain.goVersion()),
        readable(toolchain.goos()),
        readable(toolchain.goarch()),
        hex16(sha));
  }

  private static void checkPrefix(String prefix) throws UsageException {
    if (!PREFIX.matcher(prefix).matches()) {
      throw new UsageException(
          "--prefix "
              + prefix
              + ": expected up to 64 letters, digits, '.', '_' or '-', starting with a letter or"
              + " digit");
    }
  }

  private static void line(MessageDigest sha, String text) {
    sha.update(text.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) '\n');
  }

  private static String hex16(MessageDigest sha) {
    return Digest.sha256(sha.digest()).hex().substring(0, 16);
  }

  /**
   * A part of go's output as a key may hold it (CI systems refuse {@code /}, and GitHub commas): a
   * development toolchain's {@code devel go1.27-abc Tue ...} becomes {@code
   * devel_go1.27-abc_Tue_...}, at most 40 characters; the hash covers the whole text.
   */
  private static String readable(String text) {
    String safe = UNSAFE.matcher(text.strip()).replaceAll("_");
    if (safe.isEmpty()) {
      return "unknown";
    }
    return safe.length() > 40 ? safe.substring(0, 40) : safe;
  }
}
