package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GoModules;
import dev.slipway.testing.Procs;
import dev.slipway.testing.RedisServer;
import dev.slipway.testing.SlipwayProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of Slipway while go works for it: within a few seconds no process it started is left,
 * neither go nor what go started (compile, the GOCACHEPROG helper's two {@code cat}s). Every
 * process of the build carries a marker in its environment, inherited from the Slipway JVM, so
 * survivors are found whoever adopted them; the process groups seen during the build are checked
 * too.
 *
 * <p>To kill while go compiles, and not a moment before its last compile ends, the main build's
 * compiles go through a {@code -toolexec} that never finishes (a fault: a compile that takes as
 * long as the test needs).
 */
@Tag("integration")
class KilledBuildEndToEndTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  /** Stands in for a compile (not go's {@code -V=full} query of it) and never ends. */
  private static final String ENDLESS_COMPILE =
      """
      #!/bin/sh
      case "$1" in
        */compile) case " $* " in *" -V=full "*) ;; *) exec sleep 100000 ;; esac ;;
      esac
      exec "$@"
      """;

  @TempDir Path dir;

  @Test
  void aBuildKilledWhileGoCompilesLeavesNoProcessBehind() throws Exception {
    killWhen(List.of(), true, running -> has(running, "sleep"));
  }

  @Test
  void aBuildKilledWhileGoCompilesThroughItsCacheHelperLeavesNoProcessBehind() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      killWhen(
          List.of("--cache", redis.url()),
          true,
          running ->
              has(running, "sleep")
                  && running.stream().filter(p -> p.comm().equals("cat")).count() == 2);
    }
  }

  private void killWhen(List<String> flags, boolean endless, Predicate<List<Procs.Proc>> ready)
      throws Exception {
    Path module = dir.resolve("svc");
    GoModules.write(module.resolve("go.mod"), "module example.com/svc\n\ngo 1.24\n");
    GoModules.write(
        module.resolve("main.go"), "package main\n\nfunc main() { println(\"svc\") }\n");
    Path toolexec = dir.resolve("endless-compile");
    Files.writeString(toolexec, ENDLESS_COMPILE);
    toolexec.toFile().setExecutable(true);
    String id = UUID.randomUUID().toString();
    String marker = "SLIPWAY_TEST_BUILD=" + id;
    Map<String, String> env =
        SlipwayProcess.environment(
            Map.of(
                "SLIPWAY_CACHE_DIR", dir.resolve("cache").toString(),
                "GOCACHE", dir.resolve("gocache").toString(),
                "GOMODCACHE", dir.resolve("gomodcache").toString(),
                "GOFLAGS", endless ? "-modcacherw -toolexec=" + toolexec : "-modcacherw",
                "SLIPWAY_TEST_BUILD", id));
    Path log = dir.resolve("log");
    List<String> args =
        new ArrayList<>(
            List.of(
                "build", "-C", module.toString(), "--oci-layout", dir.resolve("oci").toString()));
    args.addAll(flags);
    Process slipway = SlipwayProcess.start(env, log, args.toArray(String[]::new));
    Set<Long> groups = new HashSet<>();
    try {
      Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
      while (true) {
        List<Procs.Proc> all = Procs.list(marker);
        groups.addAll(groupsOfTheBuild(all));
        if (ready.test(all.stream().filter(Procs.Proc::marked).toList())) {
          break;
        }
        assertThat(slipway.isAlive())
            .as("slipway is still building:\n%s", SlipwayProcess.output(log))
            .isTrue();
        assertThat(Instant.now()).as("go started compiling").isBefore(deadline);
        slipway.waitFor(20, TimeUnit.MILLISECONDS);
      }

      assertThat(groups).as("go runs in a process group of its own").isNotEmpty();
      slipway.destroyForcibly(); // SIGKILL: the JVM runs no code of its own after it
      assertThat(slipway.waitFor(30, TimeUnit.SECONDS)).isTrue();

      Instant bound = Instant.now().plus(BOUND);
      List<Procs.Proc> left = survivors(marker, groups);
      while (!left.isEmpty() && Instant.now().isBefore(bound)) {
        TimeUnit.MILLISECONDS.sleep(20); // polling for a condition: the survivors being gone
        left = survivors(marker, groups);
      }
      assertThat(left).as("processes of the killed build after %s", BOUND).isEmpty();
    } finally {
      slipway.destroyForcibly();
      for (Procs.Proc p : survivors(marker, groups)) {
        if (p.marked()) { // a failed test still stops what its build started, and nothing else
          ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
  }

  /**
   * Process groups all of whose members carry the marker: groups the build made. The group Slipway
   * itself was started in also holds this test's JVM, so it is never one of them.
   */
  private static Set<Long> groupsOfTheBuild(List<Procs.Proc> all) {
    Set<Long> mixed = new HashSet<>();
    Set<Long> marked = new HashSet<>();
    for (Procs.Proc p : all) {
      (p.marked() ? marked : mixed).add(p.pgid());
    }
    marked.removeAll(mixed);
    return marked;
  }

  private static boolean has(List<Procs.Proc> running, String comm) {
    return running.stream().anyMatch(p -> p.comm().equals(comm));
  }

  /** Live processes that carry the build's marker or belong to a process group it made. */
  private static List<Procs.Proc> survivors(String marker, Set<Long> groups) {
    return Procs.list(marker).stream()
        .filter(p -> p.marked() || groups.contains(p.pgid()))
        .toList();
  }
}
