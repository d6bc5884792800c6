package main_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/aar"
	"github.com/borderdrill/borderdrill/internal/servertest"
	"github.com/borderdrill/borderdrill/scenarios"
)

// recordBaseline records `borderdrill run RUNARGS --record rec`, reviews it
// with `aar --baseline runs --out out` and returns report.json and the
// aar command's result.
func recordBaseline(t *testing.T, rec, out string, runs int, runArgs ...string) (aar.Report, result) {
	t.Helper()
	if r := borderdrill(t, append(append([]string{"run"}, runArgs...), "--record", rec)...); r.code != 0 {
		t.Fatalf("run: exit %d: %s", r.code, r.stderr)
	}
	a := borderdrill(t, "aar", rec, "--out", out, "--baseline", fmt.Sprint(runs))
	if a.code != 0 {
		t.Fatalf("aar --baseline: exit %d: %s", a.code, a.stderr)
	}
	var report aar.Report
	js, err := os.ReadFile(filepath.Join(out, aar.JSONFile))
	if err == nil {
		err = json.Unmarshal(js, &report)
	}
	if err != nil {
		t.Fatal(err)
	}
	return report, a
}

// TestAARBaseline is issue 13's baseline check on the busiest built-in:
// it reviews a recorded 12-hour run with a baseline of 20 runs and checks
// each run and each objective's met count against 20 separate
// `borderdrill run --json` calls of the same scenario and duration.
func TestAARBaseline(t *testing.T) {
	const (
		name = "usa-mex-tijuana-rio-grande"
		dur  = "12h"
		runs = 20
	)
	dir := t.TempDir()
	out := filepath.Join(dir, "aar")
	report, a := recordBaseline(t, filepath.Join(dir, "run.jsonl"), out, runs, "--scenario", name, "--seed", "9", "--duration", dur)
	if report.Baseline == nil || len(report.Baseline.Seeds) != runs {
		t.Fatalf("report.json baseline %+v; want %d runs", report.Baseline, runs)
	}
	met := make([]int, len(report.Objectives))
	for i := range runs {
		seed := fmt.Sprint(i + 1)
		r := borderdrill(t, "run", "--scenario", name, "--seed", seed, "--duration", dur, "--json")
		if r.code != 0 {
			t.Fatalf("run --seed %s: exit %d: %s", seed, r.code, r.stderr)
		}
		var want scenarios.Summary
		if err := json.Unmarshal([]byte(r.stdout), &want); err != nil {
			t.Fatal(err)
		}
		got := report.Baseline.Seeds[i]
		if fmt.Sprint(got.Seed) != seed || got.StateHash != want.StateHash || !reflect.DeepEqual(got.Objectives, want.Objectives) {
			t.Errorf("baseline seed %d: %s %+v\nrun --json --seed %s: %s %+v", got.Seed, got.StateHash, got.Objectives, seed, want.StateHash, want.Objectives)
		}
		for j, o := range want.Objectives {
			if o.Met {
				met[j]++
			}
		}
	}
	lines := strings.Split(a.stdout, "\n")
	for j, o := range report.Objectives {
		if o.Baseline == nil || o.Baseline.Met != met[j] || o.Baseline.Runs != runs {
			t.Errorf("%s: baseline %+v; the %d runs met it %d times", o.ID, o.Baseline, runs, met[j])
			continue
		}
		// The text table names the objective with its met count.
		row := fmt.Sprintf("%d/%d (", met[j], runs)
		found := false
		for _, l := range lines {
			f := strings.Fields(l)
			found = found || (len(f) > 3 && f[0] == o.ID && strings.Contains(l, row))
		}
		if !found {
			t.Errorf("the text output has no row %s with %q:\n%s", o.ID, row, a.stdout)
		}
	}
	page, err := os.ReadFile(filepath.Join(out, aar.IndexFile))
	if err != nil || !strings.Contains(string(page), `id="baseline-table"`) {
		t.Errorf("index.html has no baseline table (%v)", err)
	}
}

// TestAARBaselineUsage: a baseline of no runs, fewer or not a number is a
// usage error (exit 2) that says what is wanted.
func TestAARBaselineUsage(t *testing.T) {
	for _, n := range []string{"0", "-4", "ten", "2.5", ""} {
		t.Run(n, func(t *testing.T) {
			r := borderdrill(t, "aar", "x.jsonl", "--out", t.TempDir(), "--baseline", n)
			if r.code != 2 || !strings.Contains(r.stderr, fmt.Sprintf(`invalid value %q for flag -baseline: want a number of runs, 1 or more`, n)) {
				t.Errorf("--baseline %q: exit %d, %q", n, r.code, r.stderr)
			}
		})
	}
}

// TestServeAARBaseline: a server started with --aar-baseline answers the
// report page of a recording with the baseline beside its objectives, the
// same figures as `aar --baseline` writes.
func TestServeAARBaseline(t *testing.T) {
	const runs = 2
	data := t.TempDir()
	report, _ := recordBaseline(t, filepath.Join(data, "drill.jsonl"), filepath.Join(t.TempDir(), "aar"), runs, "--scenario", "grc-tur-evros-river", "--duration", "3h")

	addr := freeAddr(t)
	serve(t, http.DefaultClient, "http://"+addr, "--addr", addr, "--data", data, "--instructor-token", "tok", "--web", "", "--quiet", "--aar-baseline", fmt.Sprint(runs))
	html := string(servertest.API(t, "GET", "http://"+addr+"/api/recordings/drill/aar", "tok", "", http.StatusOK, nil))
	if !strings.Contains(html, `id="baseline-table"`) {
		t.Error("the server's report page has no baseline table")
	}
	for _, o := range report.Objectives {
		if want := fmt.Sprintf("met in %d of %d", o.Baseline.Met, runs); !strings.Contains(html, want) {
			t.Errorf("the server's page lacks %s's %q", o.ID, want)
		}
	}
}

// TestServeAARBaselineUsage: serve refuses a bad --aar-baseline with exit 2.
func TestServeAARBaselineUsage(t *testing.T) {
	r := borderdrill(t, "serve", "--aar-baseline", "0")
	if r.code != 2 || !strings.Contains(r.stderr, "want a number of runs, 1 or more") {
		t.Errorf("serve --aar-baseline 0: exit %d, %q", r.code, r.stderr)
	}
}
