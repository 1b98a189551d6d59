// Command slipway-cacheprog-bridge is the GOCACHEPROG program Slipway hands to the go command: it
// joins the go command's stdin and stdout to Slipway's cache server on a Unix socket, so each go
// process costs a tiny helper instead of a JVM.
//
// Usage: slipway-cacheprog-bridge SOCKET (or SLIPWAY_CACHEPROG_SOCKET in the environment).
package main

import (
	"fmt"
	"io"
	"net"
	"os"
)

func main() {
	path := os.Getenv("SLIPWAY_CACHEPROG_SOCKET")
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	if path == "" {
		fmt.Fprintln(os.Stderr, "slipway-cacheprog-bridge: usage: slipway-cacheprog-bridge SOCKET")
		os.Exit(2)
	}
	conn, err := net.DialUnix("unix", nil, &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		fmt.Fprintf(os.Stderr, "slipway-cacheprog-bridge: cannot reach Slipway's cache server: %v\n", err)
		os.Exit(1)
	}
	go func() {
		// When the go command closes our stdin, tell the server: it then finishes and closes.
		io.Copy(conn, os.Stdin)
		conn.CloseWrite()
	}()
	if _, err := io.Copy(os.Stdout, conn); err != nil {
		fmt.Fprintf(os.Stderr, "slipway-cacheprog-bridge: %v\n", err)
		os.Exit(1)
	}
}
