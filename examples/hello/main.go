// Command hello is the small HTTP service that Slipway's examples and tests build into an image.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
	"time"
)

const defaultGreeting = "hello from slipway\n"

func main() {
	selftest := flag.Bool("selftest", false, "print a one-line health report and exit without listening")
	flag.Parse()

	if *selftest {
		fmt.Println(selftestLine())
		return
	}

	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	if err := serve(":"+port, newHandler(greeting())); err != nil {
		log.Fatal(err)
	}
}

// selftestLine is what `hello -selftest` prints; image tests run the entrypoint under chroot and match it.
func selftestLine() string {
	return fmt.Sprintf("hello: ok %s/%s", runtime.GOOS, runtime.GOARCH)
}

// greeting returns the contents of $KO_DATA_PATH/greeting.txt when present, otherwise the default.
func greeting() string {
	dir := os.Getenv("KO_DATA_PATH")
	if dir == "" {
		return defaultGreeting
	}
	b, err := os.ReadFile(filepath.Join(dir, "greeting.txt"))
	if err != nil {
		return defaultGreeting
	}
	return string(b)
}

func newHandler(greeting string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, greeting)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, "ok")
	})
	return mux
}

// serve runs the server until SIGTERM or SIGINT, then drains in-flight requests.
func serve(addr string, h http.Handler) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Printf("hello: listening on %s", addr)

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
