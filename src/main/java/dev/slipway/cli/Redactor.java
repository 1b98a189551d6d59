package dev.slipway.cli;

import dev.slipway.build.RemoteCaches;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of what the CLI prints when it refuses a command. picocli echoes arguments
 * ("Unknown options: '--cache', 'redis://user:SECRET@host'"), and an argument can hold a password
 * wherever the user put it. Three rules, applied to every message: the user info of a URL, the
 * value of a secret-looking query parameter, and any text that is the value of a secret-looking
 * option or environment variable.
 */
final class Redactor {
  static final String MASK = "***";

  /** {@code scheme://user:password@}: user info up to the host's last {@code @}. */
  private static final Pattern USERINFO =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\\s'\"]*@");

  /** A name that says its value is a secret: password, token, secret, api key. */
  private static final String SECRET_NAME =
      "[A-Za-z0-9_.-]*(?:passw(?:or)?d|pwd|token|secret|api[_-]?key)[A-Za-z0-9_.-]*";

  /**
   * Variables such as REGISTRY_AUTH_FILE name where a secret is, which messages must show; the
   * shell's PWD and OLDPWD are directories, not passwords, and masking them would hide every path
   * under the working directory.
   */
  private static final Pattern NOT_A_SECRET =
      Pattern.compile("(?i).*_(?:file|path|dir)|(?:OLD)?PWD");

  /** {@code name=value} where the name is secret-looking: query parameters and assignments. */
  private static final Pattern SECRET_ASSIGNMENT =
      Pattern.compile("(?i)(\\b" + SECRET_NAME + "=)[^&\\s'\",;]+");

  private static final Pattern SECRET_OPTION = Pattern.compile("(?i)--?" + SECRET_NAME);

  /** Secret variables whose names do not say so. */
  private static final Set<String> SECRET_VARIABLES = Set.of(RemoteCaches.TRUST_KEY_ENV);

  private final List<String> secrets;

  private Redactor(List<String> secrets) {
    // Longest first, so a secret that contains another is masked whole.
    this.secrets =
        secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /**
   * @param args the command line: values given to secret-looking options ({@code --password X},
   *     {@code --token=X}) are masked wherever they appear
   * @param env the environment: values of secret-looking variables (SLIPWAY_CACHE_PASSWORD) too
   */
  static Redactor of(String[] args, Map<String, String> env) {
    List<String> secrets = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      if (arg.startsWith("-") && eq > 0 && SECRET_OPTION.matcher(arg.substring(0, eq)).matches()) {
        secrets.add(arg.substring(eq + 1));
      } else if (SECRET_OPTION.matcher(arg).matches() && i + 1 < args.length) {
        secrets.add(args[i + 1]);
      }
      // The whole user info of a URL argument, even one too malformed for the pattern below.
      int scheme = arg.indexOf("://");
      int at = arg.lastIndexOf('@');
      if (scheme > 0 && at > scheme + 3) {
        secrets.add(arg.substring(scheme + 3, at));
      }
    }
    env.forEach(
        (name, value) -> {
          if (SECRET_VARIABLES.contains(name)
              || (Pattern.matches("(?i)" + SECRET_NAME, name)
                  && !NOT_A_SECRET.matcher(name).matches())) {
            secrets.add(value);
          }
        });
    // Very short values would mask ordinary words; nobody's password is two characters.
    secrets.removeIf(s -> s == null || s.length() < 4);
    return new Redactor(secrets);
  }

  String apply(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, MASK);
    }
    out = USERINFO.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
    return SECRET_ASSIGNMENT
        .matcher(out)
        .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
  }
}
