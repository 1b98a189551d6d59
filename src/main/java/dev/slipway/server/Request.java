package dev.slipway.server;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a client asks the server to run: a frame of JSON, {@code {"version": KEY, "argv": [...],
 * "env": {...}, "cwd": DIR, "tty": {"stdin": B, "stdout": B, "stderr": B}}}, or {@code {"version":
 * KEY, "stop": true}} to stop the server.
 *
 * @param version the version key the client expects (the launcher's identity of the jar)
 * @param argv slipway's arguments, without the program name
 * @param env the client's whole environment; never logged, since it may hold secrets
 * @param cwd the client's working directory
 * @param tty which of the client's standard streams are terminals
 * @param stop stop the server instead of running anything
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record Request(
    String version, List<String> argv, Map<String, String> env, String cwd, Tty tty, boolean stop) {
  private static final ObjectMapper JSON = new ObjectMapper();

  Request {
    argv = argv == null ? List.of() : List.copyOf(argv);
    env = env == null ? Map.of() : Map.copyOf(env);
    tty = tty == null ? new Tty(false, false, false) : tty;
  }

  /** The client's standard streams, as {@code isatty} saw them. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Tty(boolean stdin, boolean stdout, boolean stderr) {}

  static Request parse(byte[] json) throws IOException {
    return JSON.readValue(json, Request.class);
  }

  byte[] toJson() throws IOException {
    return JSON.writeValueAsBytes(this);
  }

  /**
   * Whether the run has a terminal as the JVM would decide it for itself ({@code System.console()}:
   * standard input and output both a terminal), so progress looks the same warm and cold.
   */
  boolean terminal() {
    return tty.stdin() && tty.stdout();
  }

  /** The working directory, if it is an absolute path. */
  Path workingDirectory() throws IOException {
    Path dir = cwd == null ? null : Path.of(cwd);
    if (dir == null || !dir.isAbsolute()) {
      throw new IOException("the request's working directory is not an absolute path");
    }
    return dir;
  }
}
