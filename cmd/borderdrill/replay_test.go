package main_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/scenarios"
)

// TestRecordReplayAAR records a headless run, verifies it, reads its
// summary back and reviews it: every figure must be the run's own.
func TestRecordReplayAAR(t *testing.T) {
	dir := t.TempDir()
	rec := filepath.Join(dir, "run.jsonl")
	run := borderdrill(t, "run", "--scenario", "col-ven-cucuta-bridges", "--seed", "3", "--duration", "4h", "--json", "--record", rec)
	if run.code != 0 {
		t.Fatalf("run: exit %d: %s", run.code, run.stderr)
	}
	var want scenarios.Summary
	if err := json.Unmarshal([]byte(run.stdout), &want); err != nil {
		t.Fatal(err)
	}

	v := borderdrill(t, "replay", "--verify", rec)
	if v.code != 0 || strings.TrimSpace(v.stdout) != "ok: 14400 ticks, 24 checkpoints verified" {
		t.Errorf("replay --verify: exit %d, %q %s", v.code, v.stdout, v.stderr)
	}
	s := borderdrill(t, "replay", "--summary", rec, "--json")
	if s.code != 0 || s.stdout != run.stdout {
		t.Errorf("replay --summary --json: exit %d %s\n got %s\nwant %s", s.code, s.stderr, s.stdout, run.stdout)
	}

	out := filepath.Join(dir, "aar")
	a := borderdrill(t, "aar", rec, "--out", out)
	if a.code != 0 || !strings.Contains(a.stdout, "index.html") {
		t.Fatalf("aar: exit %d: %s %s", a.code, a.stdout, a.stderr)
	}
	js, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var report struct{ Summary scenarios.Summary }
	if err := json.Unmarshal(js, &report); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(report.Summary, want) {
		t.Errorf("aar summary\n got %+v\nwant %+v", report.Summary, want)
	}
	for _, f := range []string{"index.html", "crossings.png", "hourly.png", "teams.png", "map-1.png"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}

	// A stored hash that differs is named with its tick.
	data, err := os.ReadFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	bad := regexp.MustCompile(`("tick":1200,"hash":")[0-9a-f]{16}`).ReplaceAll(data, []byte("${1}0123456789abcdef"))
	if bytes.Equal(bad, data) {
		t.Fatal("no checkpoint at 1200")
	}
	badPath := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(badPath, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	m := borderdrill(t, "replay", "--verify", badPath)
	if m.code != 1 || !regexp.MustCompile(`^mismatch at tick 1200: stored 0123456789abcdef, got [0-9a-f]{16}\n$`).MatchString(m.stdout) {
		t.Errorf("replay --verify of a bad hash: exit %d, %q", m.code, m.stdout)
	}
	if r := borderdrill(t, "aar", badPath, "--out", filepath.Join(dir, "bad")); r.code != 1 || !strings.Contains(r.stderr, "mismatch at tick 1200") {
		t.Errorf("aar of a bad recording: exit %d, %q", r.code, r.stderr)
	}
}

// TestRecordFromFile keeps the YAML of a scenario file in the recording.
func TestRecordFromFile(t *testing.T) {
	rec := filepath.Join(t.TempDir(), "file.jsonl")
	src := "../../scenarios/builtin/esp-mar-melilla-fence.yaml"
	if r := borderdrill(t, "run", "--scenario", src, "--duration", "30m", "--record", rec); r.code != 0 {
		t.Fatalf("run: exit %d: %s", r.code, r.stderr)
	}
	data, err := os.ReadFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	var h struct {
		Source     string `json:"source"`
		SourceName string `json:"source_name"`
		Auto       int    `json:"auto"`
	}
	line, _, _ := bytes.Cut(data, []byte("\n"))
	if err := json.Unmarshal(line, &h); err != nil {
		t.Fatal(err)
	}
	yaml, _ := os.ReadFile(src)
	if h.Source != string(yaml) || h.SourceName != src || h.Auto == 0 {
		t.Errorf("header: source %d bytes (file %d), name %q, auto %d", len(h.Source), len(yaml), h.SourceName, h.Auto)
	}
	if r := borderdrill(t, "replay", rec); r.code != 0 || !strings.HasPrefix(r.stdout, "ok: 1800 ticks") {
		t.Errorf("replay: exit %d, %q %s", r.code, r.stdout, r.stderr)
	}
}

func TestReplayUsage(t *testing.T) {
	for _, args := range [][]string{{"replay"}, {"replay", "--json", "x.jsonl"}, {"aar", "x.jsonl"}, {"aar", "--out", "d"}} {
		if r := borderdrill(t, args...); r.code != 2 {
			t.Errorf("borderdrill %v: exit %d, want 2", args, r.code)
		}
	}
	if r := borderdrill(t, "replay", "--verify", filepath.Join(t.TempDir(), "missing.jsonl")); r.code != 1 {
		t.Errorf("replay of a missing file: exit %d, want 1", r.code)
	}
}
