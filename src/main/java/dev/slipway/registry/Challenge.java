package dev.slipway.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One WWW-Authenticate challenge: a scheme ({@code Basic} or {@code Bearer}) and its parameters
 * ({@code realm}, {@code service}, {@code scope}). Parameter names are lower-cased.
 */
record Challenge(String scheme, Map<String, String> params) {
  Challenge {
    scheme = scheme.toLowerCase(Locale.ROOT);
    params = Map.copyOf(params);
  }

  boolean isBearer() {
    return scheme.equals("bearer");
  }

  boolean isBasic() {
    return scheme.equals("basic");
  }

  Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name));
  }

  /** The first Bearer or Basic challenge in the header values, preferring Bearer. */
  static Optional<Challenge> select(List<String> headerValues) {
    List<Challenge> all = new ArrayList<>();
    headerValues.forEach(value -> all.addAll(parse(value)));
    return all.stream()
        .filter(Challenge::isBearer)
        .findFirst()
        .or(() -> all.stream().filter(Challenge::isBasic).findFirst());
  }

  /** Parses a header value that may hold several challenges; tolerates sloppy spacing. */
  static List<Challenge> parse(String header) {
    List<Challenge> out = new ArrayList<>();
    int i = 0;
    int n = header.length();
    String scheme = null;
    Map<String, String> params = new LinkedHashMap<>();
    while (i < n) {
      while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == ',')) {
        i++;
      }
      int start = i;
      while (i < n
          && header.charAt(i) != '='
          && header.charAt(i) != ' '
          && header.charAt(i) != ',') {
        i++;
      }
      String token = header.substring(start, i);
      if (token.isEmpty()) {
        break;
      }
      int eq = i;
      while (eq < n && header.charAt(eq) == ' ') {
        eq++;
      }
      if (eq < n && header.charAt(eq) == '=' && scheme != null) {
        i = eq + 1;
        while (i < n && header.charAt(i) == ' ') {
          i++;
        }
        StringBuilder value = new StringBuilder();
        if (i < n && header.charAt(i) == '"') {
          for (i++; i < n && header.charAt(i) != '"'; i++) {
            if (header.charAt(i) == '\\' && i + 1 < n) {
              i++;
            }
            value.append(header.charAt(i));
          }
          i++;
        } else {
          while (i < n && header.charAt(i) != ',') {
            value.append(header.charAt(i++));
          }
        }
        params.put(token.toLowerCase(Locale.ROOT), value.toString().trim());
      } else {
        if (scheme != null) {
          out.add(new Challenge(scheme, params));
        }
        scheme = token;
        params = new LinkedHashMap<>();
      }
    }
    if (scheme != null) {
      out.add(new Challenge(scheme, params));
    }
    return out;
  }
}
