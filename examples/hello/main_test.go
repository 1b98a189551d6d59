package main

import (
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func get(t *testing.T, greeting, path string) (int, string) {
	t.Helper()
	srv := httptest.NewServer(newHandler(greeting))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func TestRootServesGreeting(t *testing.T) {
	code, body := get(t, defaultGreeting, "/")
	if code != 200 || body != "hello from slipway\n" {
		t.Fatalf("GET / = %d %q", code, body)
	}
}

func TestHealthzSaysOk(t *testing.T) {
	code, body := get(t, defaultGreeting, "/healthz")
	if code != 200 || body != "ok" {
		t.Fatalf("GET /healthz = %d %q", code, body)
	}
}

func TestUnknownPathIsNotFound(t *testing.T) {
	if code, _ := get(t, defaultGreeting, "/nope"); code != 404 {
		t.Fatalf("GET /nope = %d, want 404", code)
	}
}

func TestGreetingComesFromKoDataWhenPresent(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "greeting.txt"), []byte("hi from kodata\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KO_DATA_PATH", dir)
	if got := greeting(); got != "hi from kodata\n" {
		t.Fatalf("greeting() = %q", got)
	}
	t.Setenv("KO_DATA_PATH", t.TempDir())
	if got := greeting(); got != defaultGreeting {
		t.Fatalf("greeting() without greeting.txt = %q", got)
	}
}

func TestSelftestLineNamesPlatform(t *testing.T) {
	want := "hello: ok " + runtime.GOOS + "/" + runtime.GOARCH
	if got := selftestLine(); got != want {
		t.Fatalf("selftestLine() = %q, want %q", got, want)
	}
}
