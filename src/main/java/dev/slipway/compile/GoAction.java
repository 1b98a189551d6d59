package dev.slipway.compile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One step go actually ran (not one it found cached): a package compile or a link, with its times,
 * from the action graph {@code go build -debug-actiongraph} writes. That flag is a debugging aid of
 * the go command, so anything unexpected in its file yields no actions rather than an error.
 *
 * @param mode {@link #COMPILE} or {@link #LINK}
 */
public record GoAction(String mode, String importPath, Instant start, Instant done) {
  public static final String COMPILE = "compile";
  public static final String LINK = "link";

  public long millis() {
    return Math.max(0, done.toEpochMilli() - start.toEpochMilli());
  }

  /** The compiles and links in {@code file} that ran a command; empty if it cannot be read. */
  static List<GoAction> read(Path file) {
    return graph(file).ran();
  }

  /**
   * What a build's action graph says.
   *
   * @param ran the compiles and links go ran a command for
   * @param lookups the mode of each action go looked up in its cache ({@code build} for a compile,
   *     {@code link}), by the action ID as the graph prints it: the first 15 bytes in URL-safe
   *     base64 ({@link #graphId})
   */
  public record Graph(List<GoAction> ran, Map<String, String> lookups) {
    public static final Graph EMPTY = new Graph(List.of(), Map.of());

    public Graph {
      ran = List.copyOf(ran);
      lookups = Map.copyOf(lookups);
    }
  }

  /** An action ID (32 bytes, as GOCACHEPROG names it) as the action graph prints it. */
  public static String graphId(byte[] actionId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(actionId, 15));
  }

  /** The graph in {@code file}; {@link Graph#EMPTY} if it cannot be read. */
  static Graph graph(Path file) {
    List<GoAction> out = new ArrayList<>();
    Map<String, String> lookups = new HashMap<>();
    try (JsonParser p = new JsonFactory().createParser(Files.newInputStream(file))) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        return Graph.EMPTY;
      }
      while (p.nextToken() == JsonToken.START_OBJECT) {
        String mode = "";
        String pkg = "";
        String start = "";
        String done = "";
        String actionId = "";
        boolean ran = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken value = p.nextToken();
          switch (field) {
            case "Mode" -> mode = p.getText();
            case "Package" -> pkg = p.getText();
            case "TimeStart" -> start = p.getText();
            case "TimeDone" -> done = p.getText();
            case "ActionID" -> actionId = p.getText();
            case "Cmd" -> {
              // a non-empty list of commands: go ran this step rather than found it cached
              ran = value == JsonToken.START_ARRAY && p.nextToken() != JsonToken.END_ARRAY;
              if (ran) {
                p.skipChildren(); // the first command, if it is not a plain string
                while (p.nextToken() != JsonToken.END_ARRAY) {
                  p.skipChildren();
                }
              }
            }
            default -> p.skipChildren();
          }
        }
        if (!actionId.isEmpty()) {
          lookups.put(actionId, mode);
        }
        String kind = mode.equals("build") ? COMPILE : mode.equals("link") ? LINK : "";
        if (ran && !kind.isEmpty() && !pkg.isEmpty()) {
          out.add(new GoAction(kind, pkg, Instant.parse(start), Instant.parse(done)));
        }
      }
      return new Graph(out, lookups);
    } catch (IOException | DateTimeParseException e) {
      return Graph.EMPTY;
    }
  }
}
