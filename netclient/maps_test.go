package netclient_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/netclient"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/server"
)

// TestDialFetchesMapFile joins an exercise whose scenario brings its own
// map (map_file): no client build has it, so Dial fetches it from the
// server and gets the same geometry.
func TestDialFetchesMapFile(t *testing.T) {
	dir := t.TempDir()
	geo, err := os.ReadFile("../maps/testdata/pol-blr-own.geojson")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "own.geojson"), geo, 0o644)
	src, err := scenarios.Starter("pol-blr")
	if err != nil {
		t.Fatal(err)
	}
	src = []byte(strings.Replace(string(src), "map: pol-blr\n", "map_file: own.geojson\n", 1))
	file := filepath.Join(dir, "own.yaml")
	os.WriteFile(file, src, 0o644)
	sc, err := scenarios.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New(server.Config{InstructorToken: token})
	h := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		srv.Close()
		h.Close()
	})
	info, err := srv.NewExercise(sc, server.ExerciseOptions{Seed: 1, Speed: 20})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), hang)
	defer cancel()
	c, err := netclient.Dial(ctx, netclient.Options{URL: h.URL, Code: info.Codes["BLR"], Name: "nc"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	m := c.Info().Map
	if m.Name != "pol-blr:own" || m.Name != sc.Map.Name {
		t.Fatalf("map %q, want %q", m.Name, sc.Map.Name)
	}
	if string(m.Pack()) != string(sc.Map.Pack()) || m.BorderLength(0) != sc.Map.BorderLength(0) {
		t.Errorf("the fetched map differs from the server's")
	}
}
