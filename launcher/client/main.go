// Command slipway-client runs a slipway command in a warm Slipway server (dev.slipway.server)
// instead of a new JVM, and starts that server when none is listening. The launcher ./slipway
// builds it into target/ and runs it as
//
//	slipway-client [-key KEY] -jar JAR -java JAVA [-java OPTION]... -- SLIPWAY-ARGS...
//
// KEY names the jar's version: by default its size, modification time and inode
// (SIZE-MTIME-INODE, as server.JarWatch compares them), so a rebuilt jar gets a server of its own. The server's socket is in $XDG_RUNTIME_DIR/slipway (else
// /tmp/slipway-UID), a directory of mode 0700, named by a hash of the cache directory and KEY, so
// there is one server per user, cache directory and version. If anything fails before the server
// accepts the run, the client runs the command in a JVM of its own (JAVA OPTIONS -jar JAR ARGS):
// never after, which could run a build twice.
//
// The protocol (docs/architecture.md): frames of a type byte, a big-endian uint32 length and the
// payload. The client sends 'Q' (the request as JSON); the server answers 'H' (accepted) or 'R'
// (refused, with the reason), then 'O' and 'E' (stdout and stderr bytes) and 'X' (the exit code,
// a big-endian int32). The client closes its writing half to cancel the run (Ctrl-C).
package main

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

type config struct {
	key  string
	jar  string
	java []string // the java program and its options
	args []string // slipway's arguments
}

type javaFlags []string

func (j *javaFlags) String() string     { return strings.Join(*j, " ") }
func (j *javaFlags) Set(v string) error { *j = append(*j, v); return nil }

func main() {
	cfg, err := parseArgs(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "slipway-client:", err)
		os.Exit(2)
	}
	if len(cfg.args) > 0 && cfg.args[0] == "server" {
		os.Exit(serverCommand(cfg))
	}
	sock, err := socketPath(cfg.key)
	if err != nil {
		cold(cfg)
	}
	conn, err := connectOrStart(cfg, sock)
	if err != nil {
		cold(cfg)
	}
	if err := handshake(conn, cfg); err != nil {
		conn.Close()
		cold(cfg)
	}
	os.Exit(stream(conn, sock))
}

func parseArgs(argv []string) (config, error) {
	var cfg config
	var java javaFlags
	flags := flag.NewFlagSet("slipway-client", flag.ContinueOnError)
	flags.StringVar(&cfg.key, "key", "", "the jar's version key (default: from the jar's stat)")
	flags.StringVar(&cfg.jar, "jar", "", "slipway.jar")
	flags.Var(&java, "java", "the java program, then each of its options (repeatable)")
	if err := flags.Parse(argv); err != nil {
		return cfg, err
	}
	if cfg.jar == "" || len(java) == 0 {
		return cfg, errors.New("usage: slipway-client [-key KEY] -jar JAR -java JAVA [-java OPTION]... -- ARGS...")
	}
	if cfg.key == "" {
		info, err := os.Stat(cfg.jar)
		if err != nil {
			return cfg, err
		}
		st := info.Sys().(*syscall.Stat_t)
		cfg.key = fmt.Sprintf("%d-%d-%d", info.Size(), info.ModTime().Unix(), st.Ino)
	}
	cfg.java = java
	cfg.args = flags.Args()
	return cfg, nil
}

// cold runs the command in a JVM of its own, replacing this process.
func cold(cfg config) {
	java, err := exec.LookPath(cfg.java[0])
	if err == nil {
		argv := append(append(append([]string{}, cfg.java...), "-jar", cfg.jar), cfg.args...)
		err = syscall.Exec(java, argv, os.Environ())
	}
	fmt.Fprintln(os.Stderr, "slipway: cannot run java:", err)
	os.Exit(1)
}

func handshake(conn *net.UnixConn, cfg config) error {
	cwd, err := syscall.Getwd() // the physical directory, as the JVM's user.dir would be
	if err != nil {
		return err
	}
	env := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	body, err := json.Marshal(request{
		Version: cfg.key,
		Argv:    cfg.args,
		Env:     env,
		Cwd:     cwd,
		Tty:     tty{Stdin: isTerminal(0), Stdout: isTerminal(1), Stderr: isTerminal(2)},
	})
	if err != nil {
		return err
	}
	conn.SetDeadline(time.Now().Add(handshakeTimeout))
	defer conn.SetDeadline(time.Time{})
	if err := writeFrame(conn, frameRequest, body); err != nil {
		return err
	}
	kind, payload, err := readFrame(conn)
	if err != nil {
		return err
	}
	if kind != frameAccepted {
		return fmt.Errorf("refused: %s", payload)
	}
	return nil
}

// stream copies the run's output here until its exit code, which it returns. The first Ctrl-C
// (or SIGTERM, SIGHUP) asks the server to cancel the run, and the client waits for the run to
// end, so no go process outlives it; a second one leaves at once.
func stream(conn *net.UnixConn, sock string) int {
	var interrupted atomic.Bool
	// A closed stdout (`slipway build | head -1`) fails the write, as it does for the JVM, which
	// ignores SIGPIPE: the run goes on to its end and exit code rather than being cancelled.
	signal.Ignore(syscall.SIGPIPE)
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		<-signals
		interrupted.Store(true)
		conn.CloseWrite()
		<-signals
		os.Exit(130)
	}()
	for {
		kind, payload, err := readFrame(conn)
		if err != nil {
			if interrupted.Load() {
				return 130
			}
			fmt.Fprintf(os.Stderr, "slipway: lost the warm server (see %s.log)\n",
				strings.TrimSuffix(sock, ".sock"))
			return 1
		}
		switch kind {
		case frameStdout:
			os.Stdout.Write(payload)
		case frameStderr:
			os.Stderr.Write(payload)
		case frameExit:
			if interrupted.Load() {
				return 130
			}
			if len(payload) != 4 {
				return 1
			}
			return int(int32(binary.BigEndian.Uint32(payload)))
		}
	}
}

// serverCommand is `slipway server stop`: stops this cache directory's server of this version.
func serverCommand(cfg config) int {
	if len(cfg.args) != 2 || cfg.args[1] != "stop" {
		fmt.Fprintln(os.Stderr, "usage: slipway server stop")
		return 2
	}
	sock, err := socketPath(cfg.key)
	if err != nil {
		fmt.Fprintln(os.Stderr, "slipway:", err)
		return 2
	}
	conn, err := dial(sock)
	if err != nil {
		fmt.Println("slipway: no server is running")
		return 0
	}
	defer conn.Close()
	body, _ := json.Marshal(request{Version: cfg.key, Stop: true})
	if err := writeFrame(conn, frameRequest, body); err != nil {
		fmt.Fprintln(os.Stderr, "slipway: cannot stop the server:", err)
		return 1
	}
	if kind, _, err := readFrame(conn); err != nil || kind != frameExit {
		fmt.Fprintln(os.Stderr, "slipway: the server did not confirm the stop")
		return 1
	}
	// It stops accepting at once; wait (bounded) until its socket is gone too.
	for deadline := time.Now().Add(startTimeout); time.Now().Before(deadline); {
		if _, err := os.Lstat(sock); errors.Is(err, fs.ErrNotExist) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Println("slipway: server stopped")
	return 0
}
