package dev.slipway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The live processes of this machine as {@code /proc} shows them (Linux). */
public final class Procs {
  private Procs() {}

  /**
   * One process: its ids, its {@code comm} (at most 15 characters), its command line, and whether
   * its environment holds the marker it was listed with.
   */
  public record Proc(
      long pid,
      long ppid,
      long pgid,
      long startTicks,
      String comm,
      String cmdline,
      boolean marked) {
    @Override
    public String toString() {
      return pid + " (ppid " + ppid + ", pgid " + pgid + ") " + comm + ": " + cmdline;
    }
  }

  /**
   * Every process whose state is not zombie, each marked when its environment contains {@code
   * marker} (a {@code NAME=value} a test gave the process it started, which every descendant
   * inherits). Processes that exit while being read are left out.
   */
  public static List<Proc> list(String marker) {
    List<Proc> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path dir : dirs) {
        try {
          read(dir, marker).ifPresent(out::add);
        } catch (IOException e) {
          // gone, or not ours to read
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return out;
  }

  private static java.util.Optional<Proc> read(Path dir, String marker) throws IOException {
    String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
    // cutime cstime priority nice threads itrealvalue starttime; comm may hold spaces and ')'.
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    String comm = stat.substring(open + 1, close);
    String[] f = stat.substring(close + 2).split(" ");
    if (f[0].equals("Z") || f[0].equals("X")) {
      return java.util.Optional.empty();
    }
    byte[] environ = Files.readAllBytes(dir.resolve("environ"));
    String cmdline =
        new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8)
            .replace('\0', ' ')
            .strip();
    boolean marked =
        ("\0" + new String(environ, StandardCharsets.UTF_8) + "\0").contains("\0" + marker + "\0");
    return java.util.Optional.of(
        new Proc(
            Long.parseLong(stat.substring(0, open).strip()),
            Long.parseLong(f[1]),
            Long.parseLong(f[2]),
            Long.parseLong(f[19]),
            comm,
            cmdline,
            marked));
  }
}
