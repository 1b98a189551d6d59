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
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

const (
	frameRequest  = 'Q'
	frameAccepted = 'H'
	frameRefused  = 'R'
	frameStdout   = 'O'
	frameStderr   = 'E'
	frameExit     = 'X'

	// How long a started server may take to listen, and a server to accept a request.
	startTimeout     = 10 * time.Second
	handshakeTimeout = 30 * time.Second
	maxFrame         = 64 << 20
	serverMain       = "dev.slipway.server.ServerMain"
)

type request struct {
	Version string            `json:"version"`
	Argv    []string          `json:"argv"`
	Env     map[string]string `json:"env"`
	Cwd     string            `json:"cwd"`
	Tty     tty               `json:"tty"`
	Stop    bool              `json:"stop,omitempty"`
}

type tty struct {
	Stdin  bool `json:"stdin"`
	Stdout bool `json:"stdout"`
	Stderr bool `json:"stderr"`
}

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

// socketPath is the server's socket for this user, cache directory and version.
func socketPath(key string) (string, error) {
	cache, err := cacheDir()
	if err != nil {
		return "", err
	}
	dir, err := runtimeDir()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(cache + "\x00" + key))
	return filepath.Join(dir, hex.EncodeToString(sum[:8])+".sock"), nil
}

// cacheDir follows cli.Paths.cacheDir: SLIPWAY_CACHE_DIR, else $XDG_CACHE_HOME/slipway, else
// $HOME/.cache/slipway, relative ones relative to the working directory.
func cacheDir() (string, error) {
	if v := os.Getenv("SLIPWAY_CACHE_DIR"); v != "" {
		return filepath.Abs(v)
	}
	if v := os.Getenv("XDG_CACHE_HOME"); v != "" {
		return filepath.Abs(filepath.Join(v, "slipway"))
	}
	if v := os.Getenv("HOME"); v != "" {
		return filepath.Abs(filepath.Join(v, ".cache", "slipway"))
	}
	return "", errors.New("no cache directory") // the cold run says so, with exit 2
}

// runtimeDir is a directory only this user can enter: whoever can connect to the socket runs
// commands as this user.
func runtimeDir() (string, error) {
	dir := fmt.Sprintf("/tmp/slipway-%d", os.Getuid())
	if base := os.Getenv("XDG_RUNTIME_DIR"); base != "" {
		dir = filepath.Join(base, "slipway")
	}
	if err := os.Mkdir(dir, 0o700); err == nil {
		if err := os.Chmod(dir, 0o700); err != nil { // whatever the umask
			return "", err
		}
	} else if !errors.Is(err, fs.ErrExist) {
		return "", err
	}
	info, err := os.Lstat(dir)
	if err != nil {
		return "", err
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok || !info.IsDir() || int(st.Uid) != os.Getuid() || info.Mode().Perm() != 0o700 {
		return "", fmt.Errorf("%s must be a directory of mode 0700 owned by this user", dir)
	}
	return dir, nil
}

func dial(sock string) (*net.UnixConn, error) {
	return net.DialUnix("unix", nil, &net.UnixAddr{Name: sock, Net: "unix"})
}

// connectOrStart connects to the server, starting one first if none listens. A lock file keeps
// clients that start together from starting a server each.
func connectOrStart(cfg config, sock string) (*net.UnixConn, error) {
	if conn, err := dial(sock); err == nil {
		return conn, nil
	}
	lock, err := os.OpenFile(sock+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	defer lock.Close() // and with it the lock
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return nil, err
	}
	if conn, err := dial(sock); err == nil {
		return conn, nil // another client started it meanwhile
	}
	exited, err := startServer(cfg, sock)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(startTimeout)
	for time.Now().Before(deadline) {
		if conn, err := dial(sock); err == nil {
			return conn, nil
		}
		select {
		case <-exited:
			return nil, errors.New("the server exited at start")
		case <-time.After(20 * time.Millisecond):
		}
	}
	return nil, errors.New("the server did not start in time")
}

// startServer starts a server detached from this terminal (a session of its own) in /, its output
// to a log beside the socket. The returned channel closes if it exits.
func startServer(cfg config, sock string) (<-chan struct{}, error) {
	java, err := exec.LookPath(cfg.java[0])
	if err != nil {
		return nil, err
	}
	logFile, err := os.OpenFile(strings.TrimSuffix(sock, ".sock")+".log",
		os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	idle := os.Getenv("SLIPWAY_SERVER_IDLE")
	if idle == "" {
		idle = "30m"
	}
	args := append(append([]string{}, cfg.java[1:]...),
		"-cp", cfg.jar, serverMain, "--socket", sock, "--key", cfg.key, "--idle", idle)
	cmd := exec.Command(java, args...)
	cmd.Dir = "/" // no client's directory is kept busy, and none is the server's by mistake
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	return exited, nil
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

func writeFrame(w io.Writer, kind byte, payload []byte) error {
	head := make([]byte, 5, 5+len(payload))
	head[0] = kind
	binary.BigEndian.PutUint32(head[1:], uint32(len(payload)))
	_, err := w.Write(append(head, payload...))
	return err
}

func readFrame(r io.Reader) (byte, []byte, error) {
	var head [5]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return 0, nil, err
	}
	n := binary.BigEndian.Uint32(head[1:])
	if n > maxFrame {
		return 0, nil, fmt.Errorf("a frame of %d bytes", n)
	}
	payload := make([]byte, n)
	if _, err := io.ReadFull(r, payload); err != nil {
		return 0, nil, err
	}
	return head[0], payload, nil
}

// isTerminal is isatty(3): whether fd answers a terminal's ioctl.
func isTerminal(fd int) bool {
	var t syscall.Termios
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), syscall.TCGETS,
		uintptr(unsafe.Pointer(&t)))
	return errno == 0
}
