package dev.slipway.registry.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** An immutable, case-insensitive multimap of HTTP header fields. */
public final class Headers {
  private static final Headers EMPTY = new Headers(new TreeMap<>(String.CASE_INSENSITIVE_ORDER));

  private final SortedMap<String, List<String>> fields;

  private Headers(SortedMap<String, List<String>> fields) {
    this.fields = fields;
  }

  public static Headers empty() {
    return EMPTY;
  }

  /** Copies a map such as {@code HttpURLConnection.getHeaderFields()}; null keys are dropped. */
  public static Headers of(Map<String, List<String>> map) {
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    map.forEach(
        (name, values) -> {
          if (name != null && values != null) {
            copy.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values);
          }
        });
    return new Headers(copy);
  }

  /** A copy with {@code name} set to the single {@code value}, replacing earlier values. */
  public Headers with(String name, String value) {
    TreeMap<String, List<String>> copy = new TreeMap<>(fields);
    copy.put(name, List.of(value));
    return new Headers(copy);
  }

  public Headers without(String name) {
    if (!fields.containsKey(name)) {
      return this;
    }
    TreeMap<String, List<String>> copy = new TreeMap<>(fields);
    copy.remove(name);
    return new Headers(copy);
  }

  public Optional<String> first(String name) {
    List<String> values = fields.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  public List<String> all(String name) {
    return fields.getOrDefault(name, List.of());
  }

  public boolean contains(String name) {
    return fields.containsKey(name);
  }

  public Map<String, List<String>> asMap() {
    return Collections.unmodifiableMap(fields);
  }

  /** Names only: values may hold credentials, so they never reach a string. */
  @Override
  public String toString() {
    return "Headers" + fields.keySet();
  }
}
