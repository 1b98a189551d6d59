package main

import (
	"encoding/binary"
	"fmt"
	"io"
	"syscall"
	"unsafe"
)

// The frames of the protocol (docs/architecture.md, "The warm server"); server.Frames is the other
// end.
const (
	frameRequest  = 'Q'
	frameAccepted = 'H'
	frameRefused  = 'R'
	frameStdout   = 'O'
	frameStderr   = 'E'
	frameExit     = 'X'

	maxFrame = 64 << 20
)

// request is the client's one message, as server.Request reads it.
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
