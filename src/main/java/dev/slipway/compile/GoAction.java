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
import java.util.List;

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
    List<GoAction> out = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(Files.newInputStream(file))) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        return List.of();
      }
      while (p.nextToken() == JsonToken.START_OBJECT) {
        String mode = "";
        String pkg = "";
        String start = "";
        String done = "";
        boolean ran = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken value = p.nextToken();
          switch (field) {
            case "Mode" -> mode = p.getText();
            case "Package" -> pkg = p.getText();
            case "TimeStart" -> start = p.getText();
            case "TimeDone" -> done = p.getText();
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
        String kind = mode.equals("build") ? COMPILE : mode.equals("link") ? LINK : "";
        if (ran && !kind.isEmpty() && !pkg.isEmpty()) {
          out.add(new GoAction(kind, pkg, Instant.parse(start), Instant.parse(done)));
        }
      }
      return out;
    } catch (IOException | DateTimeParseException e) {
      return List.of();
    }
  }
}
