package dev.slipway.fingerprint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories a go.mod's {@code replace} directives point at on disk. Their files are inputs of
 * the build just like the module's own.
 */
public final class LocalReplaces {
  private LocalReplaces() {}

  public static List<Path> of(Path moduleRoot) throws IOException {
    List<Path> dirs = new ArrayList<>();
    boolean inBlock = false;
    for (String raw : Files.readAllLines(moduleRoot.resolve("go.mod"), StandardCharsets.UTF_8)) {
      String line = raw;
      int comment = line.indexOf("//");
      if (comment >= 0) {
        line = line.substring(0, comment);
      }
      line = line.strip();
      if (line.startsWith("replace") && line.endsWith("(")) {
        inBlock = true;
        continue;
      }
      if (inBlock && line.equals(")")) {
        inBlock = false;
        continue;
      }
      if (!(inBlock || line.startsWith("replace "))) {
        continue;
      }
      int arrow = line.indexOf("=>");
      if (arrow < 0) {
        continue;
      }
      String target = line.substring(arrow + 2).strip().split("\\s+")[0];
      if (target.startsWith("\"") && target.endsWith("\"") && target.length() > 1) {
        target = target.substring(1, target.length() - 1);
      }
      if (target.startsWith("./") || target.startsWith("../") || target.startsWith("/")) {
        dirs.add(moduleRoot.resolve(target).normalize());
      }
    }
    return dirs;
  }
}
