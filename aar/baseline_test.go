package aar_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/aar"
	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/scenarios"
)

// singleRun runs a built-in scenario headless at one seed as `borderdrill
// run --json --record` does (drilltest.Record) and returns its summary.
func singleRun(t *testing.T, name string, seed uint64, ticks int32) scenarios.Summary {
	t.Helper()
	_, w := drilltest.Record(t, name, seed, ticks)
	return scenarios.Summarize(w)
}

// TestBaselineMatchesSingleRuns reviews a 6-hour exercise with a
// baseline of 20 runs and checks every run, the met fractions and the
// spreads against 20 separate single runs. (6 hours rather than the
// scenario's 12 keeps the 41 runs affordable under -race.)
func TestBaselineMatchesSingleRuns(t *testing.T) {
	const (
		name  = "grc-tur-evros-river"
		runs  = 20
		ticks = 6 * 3600
	)
	rec, _ := drilltest.Record(t, name, 5, ticks)
	r, err := aar.Build(rec, aar.Options{Baseline: runs})
	if err != nil {
		t.Fatal(err)
	}
	b := r.Baseline
	if b == nil || b.Runs != runs || b.Ticks != ticks || len(b.Seeds) != runs {
		t.Fatalf("baseline %+v; want %d runs of %d ticks", b, runs, ticks)
	}
	met := make([]int, len(r.Objectives))
	values := make([][]float64, len(r.Objectives))
	hashes := map[string]bool{}
	for i := range runs {
		seed := uint64(i + 1)
		want := singleRun(t, name, seed, ticks)
		got := b.Seeds[i]
		if got.Seed != seed || got.StateHash != want.StateHash || !reflect.DeepEqual(got.Objectives, want.Objectives) {
			t.Errorf("baseline run %d: seed %d hash %s %+v\nsingle run: hash %s %+v", i, got.Seed, got.StateHash, got.Objectives, want.StateHash, want.Objectives)
		}
		hashes[want.StateHash] = true
		for j, o := range want.Objectives {
			if o.Met {
				met[j]++
			}
			values[j] = append(values[j], o.Value)
		}
	}
	if len(hashes) != runs {
		t.Errorf("%d different end states over %d seeds", len(hashes), runs)
	}
	for j, o := range r.Objectives {
		s := o.Baseline
		if s == nil {
			t.Fatalf("objective %s has no spread", o.ID)
		}
		if s.Runs != runs || s.Met != met[j] || s.MetFraction != float64(met[j])/runs {
			t.Errorf("%s: met %d of %d (%v); the single runs met it %d times", o.ID, s.Met, s.Runs, s.MetFraction, met[j])
		}
		v := values[j]
		if s.Min != slices.Min(v) || s.Max != slices.Max(v) || !(s.Min <= s.Q1 && s.Q1 <= s.Median && s.Median <= s.Q3 && s.Q3 <= s.Max) {
			t.Errorf("%s: spread %+v of %v", o.ID, s, v)
		}
		below := 0
		for _, x := range v {
			if x < s.Median {
				below++
			}
		}
		if below > runs/2 {
			t.Errorf("%s: %d of %d values below the median %v", o.ID, below, runs, s.Median)
		}
		if s.Better+s.Worse > runs {
			t.Errorf("%s: better %d + worse %d > %d runs", o.ID, s.Better, s.Worse, runs)
		}
	}
}

// TestBaselineWorkers: the baseline is the same whatever the number of
// runs at once, and the scenario it was given is left as it was.
func TestBaselineWorkers(t *testing.T) {
	sc, err := scenarios.Builtin("usa-mex-tijuana-rio-grande")
	if err != nil {
		t.Fatal(err)
	}
	sc.Auto = 0
	const runs, ticks = 5, 1800
	var got []*aar.Baseline
	for _, workers := range []int{1, 3, 0} {
		last := 0
		b, err := aar.RunBaseline(context.Background(), sc, ticks, aar.BaselineOptions{Runs: runs, Workers: workers, Progress: func(done int) {
			if done != last+1 || done > runs {
				t.Errorf("progress %d after %d", done, last)
			}
			last = done
		}})
		if err != nil {
			t.Fatal(err)
		}
		if last != runs {
			t.Errorf("%d workers: progress ended at %d of %d runs", workers, last, runs)
		}
		got = append(got, b)
	}
	for i := 1; i < len(got); i++ {
		if !reflect.DeepEqual(got[i], got[0]) {
			t.Errorf("baseline %d differs from the one-worker baseline:\n%+v\n%+v", i, got[i], got[0])
		}
	}
	if sc.Auto != 0 {
		t.Errorf("RunBaseline changed the scenario's Auto to %b", sc.Auto)
	}
	for i, run := range got[0].Seeds {
		want := singleRun(t, "usa-mex-tijuana-rio-grande", uint64(i+1), ticks)
		if run.StateHash != want.StateHash {
			t.Errorf("seed %d: hash %s, single run %s", i+1, run.StateHash, want.StateHash)
		}
	}
}

// TestBaselineErrors: a baseline of no runs, or one whose context is done,
// is an error.
func TestBaselineErrors(t *testing.T) {
	sc, err := scenarios.Builtin("grc-tur-evros-river")
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name  string
		ctx   context.Context
		runs  int
		ticks int32
		want  string
	}{
		{"no runs", context.Background(), 0, 60, "at least one run, not 0"},
		{"negative runs", context.Background(), -2, 60, "at least one run, not -2"},
		{"no ticks", context.Background(), 3, 0, "at least one tick"},
		{"cancelled", cancelled, 4, 3600, context.Canceled.Error()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := aar.RunBaseline(tc.ctx, sc, tc.ticks, aar.BaselineOptions{Runs: tc.runs, Workers: 2})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "aar: ") {
				t.Fatalf("RunBaseline: %+v, %v; want an error with %q", b, err, tc.want)
			}
			if tc.ctx.Err() != nil && !errors.Is(err, context.Canceled) {
				t.Errorf("%v does not wrap context.Canceled", err)
			}
		})
	}
	rec, err := recording.Open(golden)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := aar.Build(rec, aar.Options{Baseline: -1}); err == nil {
		t.Error("Build with a baseline of -1 runs: no error")
	}
}

// TestBaselinePage: the page written to a writer carries the baseline
// table and a spread mark per objective, and report.json every run.
func TestBaselinePage(t *testing.T) {
	r := reviewGolden(t, aar.Options{Baseline: 4, Workers: 2})
	var page bytes.Buffer
	if err := aar.WriteHTML(&page, r, aar.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	html := page.String()
	if n := strings.Count(html, `<svg class="spread"`); n != len(r.Objectives) {
		t.Errorf("%d spread marks for %d objectives", n, len(r.Objectives))
	}
	for _, o := range r.Objectives {
		s := o.Baseline
		for _, want := range []string{
			fmt.Sprintf("met in %d of %d", s.Met, s.Runs),
			fmt.Sprintf("<td><b>%s</b></td><td class=\"num\">%s", o.ID, o.ValueText),
			fmt.Sprintf("%s ± %s", s.MeanText, s.SDText),
		} {
			if !strings.Contains(html, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
	}
	for _, want := range []string{`id="baseline-table"`, "Played by the computer alone over 4 seeds", `src="data:image/png;base64,`} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(html, "http://") || strings.Contains(html, "https://") {
		t.Error("the page refers to the network")
	}
	js, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back struct{ Baseline aar.Baseline }
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Baseline, *r.Baseline) {
		t.Errorf("report.json baseline %+v; report %+v", back.Baseline, *r.Baseline)
	}

	// Without a baseline the page has none.
	plain := reviewGolden(t, aar.Options{})
	page.Reset()
	if err := aar.WriteHTML(&page, plain, aar.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(page.String(), "baseline-table") || strings.Contains(page.String(), `class="spread"`) {
		t.Error("a report without a baseline shows one")
	}
}
