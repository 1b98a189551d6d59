package dev.slipway.core;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A child process that cannot outlive Slipway, with everything it starts. Every go command Slipway
 * runs goes through here, so a killed Slipway leaves no {@code go}, {@code compile}, {@code link}
 * or GOCACHEPROG helper behind.
 *
 * <p>How: the command runs under {@code setsid} (a session and process group of its own), started
 * by a line of {@code sh} that first starts a watcher in the same group. The watcher reads the
 * shell's stdin, a pipe whose only writer is this JVM, which never writes to it: the watcher wakes
 * up on EOF, which the kernel delivers the moment the JVM's descriptors close, however it ends
 * (kill -9 included), and then kills the whole process group with SIGKILL. {@link #close} closes
 * the pipe: that cancels a running command, and after a command's normal end it stops the watcher
 * and anything the command left running. The command itself replaces the shell, so this process is
 * the command, with its own exit status, and it reads /dev/null.
 *
 * <p>Why this and not the alternatives: {@code prctl(PR_SET_PDEATHSIG)} fires when the parent
 * <em>thread</em> ends, and a pool thread that started go may end while go runs; it also reaches
 * only the direct child, not the compiler, linker and cache helper that go starts. A watchdog
 * polling the JVM's pid notices late and can mistake a reused pid. A pipe's EOF is immediate and
 * exact, and the process group holds all of go's descendants, since go starts them in its own
 * group.
 *
 * <p>A child Java starts is never a process group leader, so {@code setsid} does not fork: {@link
 * #pid} is the group's leader. Without {@code setsid} (not on Linux) the command runs as a plain
 * child, with nothing to stop it if the JVM is killed.
 */
public final class Subprocess implements AutoCloseable {
  /**
   * $0 is a name for ps; "$@" is the command, which replaces the shell (so its exit status is the
   * process's) after the watcher has started. The watcher's stdin would be /dev/null: it reads fd
   * 3.
   */
  private static final String TIE =
      """
      exec 3<&0 </dev/null
      (read -r _ <&3; kill -KILL 0) >/dev/null 2>&1 &
      exec "$@" 3<&-""";

  private static final Optional<Path> SETSID = setsid();

  private final Process process;
  private final OutputStream lifeline;

  private Subprocess(Process process) {
    this.process = process;
    this.lifeline = process.getOutputStream();
  }

  /**
   * Starts {@code builder}'s command, with its directory, environment and output redirects; its
   * stdin is the lifeline (the command itself reads /dev/null). The program is looked up on the
   * PATH of the builder's environment, as the fingerprint finds go.
   */
  public static Subprocess start(ProcessBuilder builder) throws IOException {
    List<String> command = new ArrayList<>(builder.command());
    if (command.isEmpty()) {
      throw new IllegalArgumentException("no command");
    }
    command.set(0, resolve(command.get(0), builder.environment().get("PATH")).toString());
    if (SETSID.isPresent()) {
      List<String> tied =
          new ArrayList<>(List.of(SETSID.get().toString(), "/bin/sh", "-c", TIE, "slipway-tie"));
      tied.addAll(command);
      command = tied;
    }
    builder.command(command).redirectInput(ProcessBuilder.Redirect.PIPE);
    return new Subprocess(builder.start());
  }

  /** Whether children are tied to this JVM here (false where {@code setsid} is missing). */
  public static boolean tied() {
    return SETSID.isPresent();
  }

  public InputStream stdout() {
    return process.getInputStream();
  }

  public InputStream stderr() {
    return process.getErrorStream();
  }

  public long pid() {
    return process.pid();
  }

  /** Waits for the command's exit status; if interrupted, kills the command and all it started. */
  public int waitFor() throws InterruptedException {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      close();
      throw e;
    }
  }

  /**
   * Kills the command and everything it started, if still running; after the command exited, it
   * stops the watcher and whatever the command left running. Always call it (try-with-resources).
   */
  @Override
  public void close() {
    try {
      lifeline.close();
    } catch (IOException e) {
      // the pipe is closed either way, and the watcher sees EOF
    }
    if (SETSID.isEmpty()) {
      process.destroyForcibly();
    }
  }

  /** {@code program} itself if it names a path, else the first executable of that name on PATH. */
  static Path resolve(String program, String path) throws IOException {
    if (program.contains("/")) {
      return Path.of(program);
    }
    for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IOException("Cannot run program \"" + program + "\": not found on PATH");
  }

  /** Where util-linux and busybox install it; not looked up on the user's PATH. */
  private static Optional<Path> setsid() {
    if (!Files.isExecutable(Path.of("/bin/sh"))) {
      return Optional.empty();
    }
    return Stream.of("/usr/bin/setsid", "/bin/setsid")
        .map(Path::of)
        .filter(Files::isExecutable)
        .findFirst();
  }
}
