package wire_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestImports keeps the package buildable for js/wasm and free of the
// server's and the renderer's dependencies.
func TestImports(t *testing.T) {
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "list", "-deps", ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list for js/wasm: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, bad := range []string{"github.com/gorilla/", "github.com/hajimehoshi/ebiten", "github.com/coder/websocket", "/server", "/render"} {
			if strings.Contains(dep, bad) {
				t.Errorf("wire depends on %s", dep)
			}
		}
	}
}
