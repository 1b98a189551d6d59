package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

const (
	// How long a started server may take to listen, and a server to accept a request.
	startTimeout     = 10 * time.Second
	handshakeTimeout = 30 * time.Second
	serverMain       = "dev.slipway.server.ServerMain"
)

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
