package dev.slipway.plan;

import dev.slipway.config.ConfigException;
import dev.slipway.config.Located;
import dev.slipway.core.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ko's {@code flags}: go build arguments as go's flag parser reads them, where a flag that takes a
 * value may have it in the next argument ({@code -tags netgo}). Slipway keeps {@code -tags} and
 * {@code -ldflags} apart and every other flag as one {@code -name=value} argument.
 *
 * @param flags the other flags, one argument each
 * @param tags the last {@code -tags}, if any
 * @param ldflags the last {@code -ldflags}, if any (ko's own {@code ldflags} list wins over it)
 */
record KoFlags(
    List<Located<String>> flags,
    Optional<Located<String>> tags,
    Optional<Located<String>> ldflags) {
  static KoFlags split(List<Located<String>> args) throws UsageException {
    List<Located<String>> flags = new ArrayList<>();
    Optional<Located<String>> tags = Optional.empty();
    Optional<Located<String>> ldflags = Optional.empty();
    for (int i = 0; i < args.size(); i++) {
      Located<String> arg = args.get(i);
      String text = arg.value();
      if (!text.startsWith("-") || text.equals("-") || text.equals("--")) {
        throw ConfigException.at(
            arg.where(), "flag " + text + ": go build takes flags here, not packages or values");
      }
      String body = text.startsWith("--") ? text.substring(2) : text.substring(1);
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      String value;
      if (eq >= 0) {
        value = body.substring(eq + 1);
      } else if (GoBuildFlags.takesValue(name)) {
        if (i + 1 == args.size()) {
          throw ConfigException.at(arg.where(), "flag " + text + " needs a value after it");
        }
        value = args.get(++i).value();
      } else {
        flags.add(arg);
        continue;
      }
      Located<String> joined = new Located<>("-" + name + "=" + value, arg.where());
      switch (name) {
        case "tags" -> tags = Optional.of(new Located<>(value, arg.where()));
        case "ldflags" -> ldflags = Optional.of(new Located<>(value, arg.where()));
        default -> flags.add(joined);
      }
    }
    return new KoFlags(List.copyOf(flags), tags, ldflags);
  }
}
