package dev.slipway.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.Subprocess;
import dev.slipway.core.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The user's Go settings, read with {@code go env} rather than assumed. */
public final class GoEnv {
  private static final Pattern LINE = Pattern.compile("^([A-Z0-9_]+)=(.*)$");
  private final Map<String, String> values;

  private GoEnv(Map<String, String> values) {
    this.values = values;
  }

  /** Runs {@code go env} in {@code dir}, with exactly {@code environment}. */
  public static GoEnv read(Path dir, Map<String, String> environment, String... names)
      throws UsageException, IOException {
    List<String> args = new ArrayList<>(List.of("env"));
    args.addAll(List.of(names));
    byte[] out = run(dir, environment, args);
    // With names given, go env prints one value per line, in order.
    String[] lines = new String(out, StandardCharsets.UTF_8).split("\n", -1);
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      values.put(names[i], i < lines.length ? lines[i] : "");
    }
    return new GoEnv(values);
  }

  /**
   * Every setting {@code go env -json} prints, in {@code dir}, with exactly {@code environment}.
   */
  public static GoEnv readAll(Path dir, Map<String, String> environment)
      throws UsageException, IOException {
    JsonNode json = new ObjectMapper().readTree(run(dir, environment, List.of("env", "-json")));
    Map<String, String> values = new LinkedHashMap<>();
    json.properties().forEach(f -> values.put(f.getKey(), f.getValue().asText()));
    return new GoEnv(values);
  }

  /** go's standard output; a failure is bad input naming go's own complaint. */
  private static byte[] run(Path dir, Map<String, String> environment, List<String> args)
      throws UsageException, IOException {
    List<String> command = new ArrayList<>(List.of("go"));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().clear();
    pb.environment().putAll(environment);
    try (Subprocess process = start(pb)) {
      byte[] out = process.stdout().readAllBytes();
      byte[] err = process.stderr().readAllBytes();
      if (process.waitFor() != 0) {
        throw new UsageException(
            "'go "
                + args.get(0)
                + "' failed in "
                + dir
                + ": "
                + new String(err, StandardCharsets.UTF_8).strip());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running go " + args.get(0), e);
    }
  }

  private static Subprocess start(ProcessBuilder pb) throws UsageException {
    try {
      return Subprocess.start(pb);
    } catch (IOException e) {
      throw new UsageException(
          "cannot run 'go': " + e.getMessage() + " (install Go 1.24+ and put it on PATH)", e);
    }
  }

  /** Every setting read, by name. */
  public Map<String, String> all() {
    return java.util.Collections.unmodifiableMap(values);
  }

  public String get(String name) {
    return values.getOrDefault(name, "");
  }

  /** Parses {@code KEY=VALUE}, as given to {@code --env}. */
  public static Map.Entry<String, String> parseAssignment(String text) {
    Matcher m = LINE.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("expected KEY=VALUE, got '" + text + "'");
    }
    return Map.entry(m.group(1), m.group(2));
  }

  /** The minor version of a GOVERSION such as go1.24.3, or -1 if it cannot be read. */
  public static int minorVersion(String goVersion) {
    Matcher m = Pattern.compile("^go1\\.(\\d+)").matcher(goVersion);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }
}
