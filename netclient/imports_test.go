package netclient_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestImports keeps netclient buildable for js/wasm, without Ebiten (so
// that headless programs can use it) and without the server.
func TestImports(t *testing.T) {
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "list", "-deps", ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list for js/wasm: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "github.com/borderdrill/borderdrill/render" {
			t.Errorf("netclient depends on the renderer")
		}
		for _, bad := range []string{"github.com/gorilla/", "github.com/hajimehoshi/ebiten", "borderdrill/server"} {
			if strings.Contains(dep, bad) {
				t.Errorf("netclient depends on %s", dep)
			}
		}
	}
}
