package server_test

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestImports keeps the server free of Ebiten (which needs a display) and
// of the client packages.
func TestImports(t *testing.T) {
	out, err := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.Contains(dep, "github.com/hajimehoshi/ebiten") || strings.Contains(dep, "borderdrill/render") ||
			strings.Contains(dep, "borderdrill/netclient") {
			t.Errorf("server depends on %s", dep)
		}
	}
}
