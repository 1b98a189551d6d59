package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cli.Invocation;
import dev.slipway.cli.Main;
import dev.slipway.testing.Procs;
import dev.slipway.testing.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm server end to end: the real client (built with go), real servers (JVMs the client
 * starts), real builds. Each test has its own cache, go caches and runtime directory, so its own
 * server, which it stops at the end.
 */
@Tag("integration")
class WarmServerIT {
  private static final String KEY = "test-version-1";
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  @TempDir static Path shared;
  private static Clients clients;

  @TempDir Path tmp;
  private Map<String, String> env;
  private final List<Path> sockets = new ArrayList<>();

  @BeforeAll
  static void buildClient() {
    clients = Clients.build(shared);
  }

  private Map<String, String> environment(Path root) throws Exception {
    Map<String, String> e = TestEnvironment.of(root);
    Path runtime = Files.createDirectories(root.resolve("run"));
    Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
    e.put("XDG_RUNTIME_DIR", runtime.toString());
    sockets.add(Clients.socket(e, KEY));
    return e;
  }

  @AfterEach
  void stopServers() throws Exception {
    for (Path socket : sockets) {
      Optional<ProcessHandle> server = Clients.server(socket);
      server.ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private static Path module(Path dir, String greeting) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("go.mod"), "module example.com/tiny\n\ngo 1.21\n");
    Files.writeString(
        dir.resolve("main.go"),
        "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"" + greeting + "\") }\n");
    return dir;
  }

  @Test
  void aBuildThroughTheServerGivesWhatAnInProcessBuildGives() throws Exception {
    env = environment(tmp.resolve("warm"));
    Path warmModule = module(tmp.resolve("a/mod"), "tiny");
    Path coldModule = module(tmp.resolve("b/mod"), "tiny");

    Clients.Run warm = clients.run(warmModule, env, KEY, "build", "--oci-layout", "oci");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int cold =
        Main.run(
            new Invocation(
                InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                TestEnvironment.of(tmp.resolve("cold")),
                coldModule,
                false),
            "build",
            "--oci-layout",
            "oci");

    assertThat(cold).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(warm.exitCode()).as(warm.toString()).isZero();
    assertThat(warm.out())
        .isEqualTo(out.toString(StandardCharsets.UTF_8))
        .matches("tiny sha256:\\S+\n");
    assertThat(Files.readString(warmModule.resolve("oci/index.json")))
        .isEqualTo(Files.readString(coldModule.resolve("oci/index.json")));
    // Plain progress lines, as without a terminal, and the closing line.
    assertThat(warm.err())
        .contains("slipway: plan ")
        .contains("slipway: 1 image(s) in ")
        .doesNotContain("\033[");
    Path socket = Clients.socket(env, KEY);
    assertThat(Clients.logText(socket)).contains("build: exit 0");
    assertThat(Clients.server(socket)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

    Clients.Run again = clients.run(warmModule, env, KEY, "build", "--oci-layout", "oci");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).isEqualTo(warm.out());
    assertThat(again.err()).contains("no-op");
    assertThat(Clients.logText(socket).split("build: exit 0", -1)).hasSize(3); // one server, twice
  }

  @Test
  void twoClientsInDifferentDirectoriesRunAtOnceEachInItsOwn() throws Exception {
    env = environment(tmp.resolve("env"));
    Path alpha = tmp.resolve("alpha");
    Path beta = tmp.resolve("beta");
    module(alpha.resolve("mod"), "alpha");
    module(beta.resolve("mod"), "beta");
    Files.writeString(
        alpha.resolve("mod/slipway.yaml"), "version: 1\ntargets:\n  first:\n    main: .\n");
    Files.writeString(
        beta.resolve("mod/slipway.yaml"), "version: 1\ntargets:\n  second:\n    main: .\n");
    // The first start of a server is itself a race between the two clients; warm it first.
    assertThat(clients.run(alpha, env, KEY, "cache", "stats").exitCode()).isZero();

    String[] args = {"build", "-C", "mod", "--oci-layout", "out", "--json", "summary.json"};
    Clients.Started a = clients.start(alpha, env, KEY, args);
    Clients.Started b = clients.start(beta, env, KEY, args);
    Clients.Run ra = a.await(300);
    Clients.Run rb = b.await(300);

    assertThat(ra.exitCode()).as(ra.toString()).isZero();
    assertThat(rb.exitCode()).as(rb.toString()).isZero();
    assertThat(ra.out()).startsWith("first sha256:");
    assertThat(rb.out()).startsWith("second sha256:");
    assertThat(digest(ra.out())).isNotEqualTo(digest(rb.out()));
    assertThat(Files.readString(alpha.resolve("summary.json"))).contains(digest(ra.out()));
    assertThat(Files.readString(beta.resolve("summary.json"))).contains(digest(rb.out()));
    assertThat(alpha.resolve("out/index.json")).isRegularFile();
    assertThat(beta.resolve("out/index.json")).isRegularFile();
    assertThat(Clients.logText(Clients.socket(env, KEY)).split("build: exit 0", -1)).hasSize(3);
  }

  @Test
  void aUsageErrorThroughTheServerExitsTwoWithTheMessageOnStderr() throws Exception {
    env = environment(tmp.resolve("env"));
    Path dir = module(tmp.resolve("mod"), "tiny");

    Clients.Run r = clients.run(dir, env, KEY, "build", "--platform", "windows/amd64");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("windows/amd64");
    assertThat(r.out()).isEmpty();
    assertThat(Clients.logText(Clients.socket(env, KEY))).contains("build: exit 2");

    // The log names commands only: no environment value, no argument that may be a secret.
    Map<String, String> secretEnv = new HashMap<>(env);
    secretEnv.put("SLIPWAY_CACHE_PASSWORD", "env-hunter2");
    Clients.Run secret =
        clients.run(dir, secretEnv, KEY, "--pushgateway=http://u:arg-hunter2@127.0.0.1:1", "build");
    assertThat(secret.exitCode()).as(secret.toString()).isEqualTo(2);
    assertThat(secret.err()).doesNotContain("hunter2");
    assertThat(Clients.logText(Clients.socket(env, KEY)))
        .contains("(command): exit 2")
        .doesNotContain("hunter2");
  }

  @Test
  void aServerOfAnotherVersionRefusesTheClientWhichRunsColdAndTheServerLeaves() throws Exception {
    env = environment(tmp.resolve("env"));
    Path socket = Clients.socket(env, KEY);
    Files.createDirectories(socket.getParent());
    Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwx------"));
    Path log = Clients.log(socket);
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                Clients.jar().toString(),
                "dev.slipway.server.ServerMain",
                "--socket",
                socket.toString(),
                "--key",
                "an-older-version")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Process old = pb.start();
    try {
      assertThat(Clients.within(Duration.ofSeconds(30), () -> Files.exists(socket)))
          .as(Clients.logText(socket))
          .isTrue();
      Path dir = Files.createDirectories(tmp.resolve("work"));

      Clients.Run r = clients.run(dir, env, KEY, "cache", "stats");

      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out()).contains(env.get("SLIPWAY_CACHE_DIR"));
      assertThat(Files.readString(log))
          .contains("refused: this server runs version an-older-version, the client wants " + KEY)
          .doesNotContain("cache: exit");
      assertThat(old.waitFor(30, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
      assertThat(socket).doesNotExist();
    } finally {
      old.destroyForcibly();
    }
  }

  @Test
  void anIdleServerExitsAndRemovesItsSocket() throws Exception {
    env = environment(tmp.resolve("env"));
    env.put("SLIPWAY_SERVER_IDLE", "1s");
    Path socket = Clients.socket(env, KEY);

    Clients.Run r =
        clients.run(Files.createDirectories(tmp.resolve("w")), env, KEY, "cache", "stats");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    ProcessHandle server = Clients.server(socket).orElseThrow();
    assertThat(Clients.within(Duration.ofSeconds(30), () -> !server.isAlive()))
        .as(Clients.logText(socket))
        .isTrue();
    assertThat(socket).doesNotExist();
    assertThat(Clients.logText(socket)).contains("idle for PT1S; stopping");
  }

  @Test
  void aClientThatIsStoppedCancelsItsRunAndLeavesNoGoProcess() throws Exception {
    env = environment(tmp.resolve("env"));
    Path dir = module(tmp.resolve("mod"), "slow");
    // Every tool go runs first waits here, so the build is under way until it is cancelled.
    Path started = tmp.resolve("tool-started");
    Path slowTool = tmp.resolve("slow-tool.sh");
    Files.writeString(slowTool, "#!/bin/sh\ntouch '" + started + "'\nsleep 300\nexec \"$@\"\n");
    Files.setPosixFilePermissions(slowTool, PosixFilePermissions.fromString("rwx------"));
    String marker = "SLIPWAY_TEST_RUN=" + UUID.randomUUID();
    Map<String, String> runEnv = new HashMap<>(env);
    runEnv.put("GOFLAGS", env.get("GOFLAGS") + " -toolexec=" + slowTool);
    runEnv.put(marker.split("=")[0], marker.split("=")[1]);
    // Warm the server with the environment without the marker, so only the run's processes bear it.
    assertThat(clients.run(dir, env, KEY, "cache", "stats").exitCode()).isZero();

    Clients.Started client = clients.start(dir, runEnv, KEY, "build", "--oci-layout", "oci");
    assertThat(Clients.within(Duration.ofMinutes(2), () -> Files.exists(started)))
        .as("go reached the slow tool")
        .isTrue();
    assertThat(Procs.list(marker)).anyMatch(p -> p.marked() && p.comm().equals("sleep"));
    client.process().destroy(); // SIGTERM, as Ctrl-C: the client cancels and waits for the end
    Clients.Run r = client.await(60);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(130);
    assertThat(
            Clients.within(
                Duration.ofSeconds(10),
                () -> Procs.list(marker).stream().noneMatch(Procs.Proc::marked)))
        .as(Procs.list(marker).toString())
        .isTrue();
    Path socket = Clients.socket(env, KEY);
    assertThat(Clients.logText(socket)).contains("build: the client left; cancelling");
    assertThat(dir.resolve("oci")).doesNotExist();
    // The server is still there for the next run.
    assertThat(clients.run(dir, env, KEY, "cache", "stats").exitCode()).isZero();
    assertThat(Clients.logText(socket).split("listening on", -1)).hasSize(2);
  }

  @Test
  void theVersionIsTheJarsIdentityAndARebuiltJarStopsTheOldServer() throws Exception {
    env = environment(tmp.resolve("env"));
    Path jar = tmp.resolve("slipway.jar");
    Files.copy(Clients.jar(), jar);
    Path dir = Files.createDirectories(tmp.resolve("w"));
    Path socket = Clients.socket(env, jarKey(jar));
    sockets.add(socket);

    Clients.Run first = clients.start(dir, env, null, jar, "cache", "stats").await(120);
    Clients.Run second = clients.start(dir, env, null, jar, "cache", "stats").await(120);

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(second.out()).isEqualTo(first.out());
    assertThat(Clients.logText(socket).split("cache: exit 0", -1)).hasSize(3);
    ProcessHandle old = Clients.server(socket).orElseThrow();

    Path rebuilt = tmp.resolve("rebuilt.jar");
    Files.copy(Clients.jar(), rebuilt);
    Files.move(rebuilt, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThat(Clients.within(Duration.ofSeconds(30), () -> !old.isAlive()))
        .as(Clients.logText(socket))
        .isTrue();
    assertThat(Clients.logText(socket)).contains("the jar was rebuilt; stopping");
    assertThat(socket).doesNotExist();
    Path next = Clients.socket(env, jarKey(jar));
    sockets.add(next);
    assertThat(clients.start(dir, env, null, jar, "cache", "stats").await(120).exitCode()).isZero();
    assertThat(next).exists();
  }

  @Test
  void whetherTheRunHasATerminalIsTheClientsNotTheServers() throws Exception {
    env = environment(tmp.resolve("env"));
    Path dir = module(tmp.resolve("mod"), "tiny");
    // Started without a terminal (stdin /dev/null, output to a file), as every server is.
    assertThat(clients.run(dir, env, KEY, "cache", "stats").exitCode()).isZero();

    Clients.Run onTerminal = clients.runOnTerminal(dir, env, KEY, "build", "--oci-layout", "oci");

    assertThat(onTerminal.exitCode()).as(onTerminal.toString()).isZero();
    // On a terminal, finished stages are not printed as plain lines (they are drawn, when slow).
    assertThat(onTerminal.out())
        .contains("slipway: 1 image(s) in ")
        .doesNotContain("slipway: plan ");
    assertThat(Clients.logText(Clients.socket(env, KEY))).contains("build: exit 0");
  }

  /** The launcher's version of a jar: its size, modification time (seconds) and inode. */
  private static String jarKey(Path jar) throws Exception {
    return Files.size(jar)
        + "-"
        + Files.getLastModifiedTime(jar).toInstant().getEpochSecond()
        + "-"
        + Files.getAttribute(jar, "unix:ino");
  }

  private static String digest(String out) {
    Matcher m = DIGEST.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m.group();
  }
}
