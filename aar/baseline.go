package aar

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
)

// baselineCheckEvery is how many ticks a baseline run steps between looks
// at its context.
const baselineCheckEvery = 600 // ticks

// Baseline is the scenario played by the computer alone: every team
// computer-controlled, no commands, for the reviewed exercise's number of
// ticks, once at each of the seeds 1 to Runs. Its spread shows how much of
// an objective's result the scenario gives by itself and how much is luck.
type Baseline struct {
	Runs  int
	Ticks int32
	// Seeds holds each run's outcome, in seed order.
	Seeds []BaselineRun
}

// BaselineRun is the outcome of one baseline run: what `borderdrill run
// --json --seed Seed` prints for the same scenario and duration.
type BaselineRun struct {
	Seed       uint64
	StateHash  string
	Objectives []scenarios.ObjectiveResult
}

// Spread is one objective's result over the baseline runs beside the
// reviewed exercise's. Quartiles interpolate linearly between the sorted
// values; SD is the sample standard deviation.
type Spread struct {
	Runs, Met                int
	MetFraction              float64
	Min, Q1, Median, Q3, Max float64
	Mean, SD                 float64
	// Better and Worse count the runs whose value the exercise's beat or
	// fell short of, in the objective's own sense (higher is better for
	// rates, lower for counts, hours and waits).
	Better, Worse int
	// The figures above with their units, as the report prints them.
	MinText, Q1Text, MedianText, Q3Text, MaxText, MeanText, SDText string
}

// BaselineOptions tune RunBaseline.
type BaselineOptions struct {
	Runs    int // at seeds 1 to Runs
	Workers int // runs at once; 0 or less takes runtime.GOMAXPROCS
	// Progress, if set, is told the number of runs finished after each
	// one; the calls come one at a time, from the workers.
	Progress func(done int)
}

// RunBaseline runs sc with every team computer-controlled and no commands
// for ticks ticks, once at each seed from 1 to opt.Runs, on up to
// opt.Workers goroutines at once. Each run is deterministic given its seed
// and the outcomes come back in seed order, so the result does not depend
// on the number of workers. sc itself is not changed.
func RunBaseline(parent context.Context, sc *sim.Scenario, ticks int32, opt BaselineOptions) (*Baseline, error) {
	runs, workers := opt.Runs, opt.Workers
	if runs < 1 {
		return nil, fmt.Errorf("aar: a baseline needs at least one run, not %d", runs)
	}
	if ticks < 1 {
		return nil, fmt.Errorf("aar: a baseline needs at least one tick, not %d", ticks)
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, runs)
	auto := *sc
	scenarios.Automate(&auto)

	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	b := &Baseline{Runs: runs, Ticks: ticks, Seeds: make([]BaselineRun, runs)}
	errs := make([]error, runs)
	next := make(chan int)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex // guards done and the calls of opt.Progress
		done int
	)
	for range workers {
		wg.Go(func() {
			for i := range next {
				b.Seeds[i], errs[i] = baselineRun(ctx, &auto, uint64(i+1), ticks)
				if errs[i] != nil {
					cancel()
					continue
				}
				if opt.Progress != nil {
					mu.Lock()
					done++
					opt.Progress(done)
					mu.Unlock()
				}
			}
		})
	}
feed:
	for i := range runs {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	// The first error that is not another run's cancellation.
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return nil, err
		}
	}
	if err := parent.Err(); err != nil {
		return nil, fmt.Errorf("aar: baseline: %w", err)
	}
	return b, nil
}

// baselineRun runs sc at one seed as `borderdrill run` does and returns
// its outcome.
func baselineRun(ctx context.Context, sc *sim.Scenario, seed uint64, ticks int32) (BaselineRun, error) {
	w, err := sim.New(sc, seed)
	if err != nil {
		return BaselineRun{}, fmt.Errorf("aar: baseline seed %d: %w", seed, err)
	}
	for t := int32(1); t <= ticks; t++ {
		w.Step(nil)
		if t%baselineCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return BaselineRun{}, fmt.Errorf("aar: baseline seed %d: %w", seed, err)
			}
		}
	}
	sum := scenarios.Summarize(w)
	return BaselineRun{Seed: seed, StateHash: sum.StateHash, Objectives: sum.Objectives}, nil
}

// spread sets each objective's Spread from the baseline.
func (r *Report) spread(b *Baseline) {
	r.Baseline = b
	for i := range r.Objectives {
		o := &r.Objectives[i]
		spec := r.sc.Objectives[i]
		s := &Spread{Runs: b.Runs}
		vals := make([]float64, 0, b.Runs)
		for _, run := range b.Seeds {
			res := run.Objectives[i]
			if res.Met {
				s.Met++
			}
			vals = append(vals, res.Value)
			switch d := direction(spec.Kind) * (round4(o.Value) - res.Value); {
			case d > 0:
				s.Better++
			case d < 0:
				s.Worse++
			}
		}
		s.MetFraction = float64(s.Met) / float64(b.Runs)
		slices.Sort(vals)
		s.Min, s.Max = vals[0], vals[len(vals)-1]
		s.Q1, s.Median, s.Q3 = quantile(vals, 0.25), quantile(vals, 0.5), quantile(vals, 0.75)
		s.Mean, s.SD = meanSD(vals)
		for _, f := range []struct {
			v    float64
			text *string
		}{{s.Min, &s.MinText}, {s.Q1, &s.Q1Text}, {s.Median, &s.MedianText}, {s.Q3, &s.Q3Text}, {s.Max, &s.MaxText}} {
			*f.text, _ = r.objectiveText(spec, f.v)
		}
		s.MeanText, s.SDText = r.fineText(spec.Kind, s.Mean), r.fineText(spec.Kind, s.SD)
		o.Baseline = s
	}
}

// fineText formats a mean or a standard deviation with its unit and one
// more digit than objectiveText gives a single result.
func (r *Report) fineText(k sim.ObjectiveKind, v float64) string {
	switch k {
	case sim.ObjDetectWithin, sim.ObjShareWithin, sim.ObjVulnerableCare, sim.ObjApprehendRate, sim.ObjRescueWithin, sim.ObjAsylumRegistered,
		sim.ObjClassifyAccuracy:
		return fmt.Sprintf("%.1f %%", 100*v)
	case sim.ObjMaxIncidents, sim.ObjPursuitIncidents:
		return fmt.Sprintf("%.1f", v)
	case sim.ObjMaxCustodyHours:
		return r.l.F("aar.u_h2", v)
	case sim.ObjMaxCheckpointWait:
		return r.l.F("aar.u_min1", v)
	}
	return fmt.Sprintf("%.4g", v)
}

// direction is +1 for objectives where a higher value is better and -1
// where a lower one is.
func direction(k sim.ObjectiveKind) float64 {
	switch k {
	case sim.ObjMaxIncidents, sim.ObjMaxCustodyHours, sim.ObjMaxCheckpointWait, sim.ObjDeathsMax, sim.ObjTradeCostMax,
		sim.ObjPursuitIncidents:
		return -1
	}
	return 1
}

// quantile is the q-quantile of sorted values, interpolating linearly
// between the two nearest (R's and NumPy's default method).
func quantile(sorted []float64, q float64) float64 {
	h := q * float64(len(sorted)-1)
	lo := int(math.Floor(h))
	if lo+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// meanSD is the mean and the sample standard deviation (0 for one value).
func meanSD(vals []float64) (mean, sd float64) {
	for _, v := range vals {
		mean += v
	}
	mean /= float64(len(vals))
	if len(vals) < 2 {
		return mean, 0
	}
	var ss float64
	for _, v := range vals {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss / float64(len(vals)-1))
}

// round4 rounds to 4 decimals, as the run summaries do.
func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

// Geometry of the spread mark, in CSS pixels.
const (
	markWidth  = 150
	markHeight = 22
	markPad    = 6 // left and right margin of the scale
)

// spreadMark draws objective i's baseline spread as a small inline SVG
// beside the exercise's result: whiskers from the lowest to the highest
// baseline value, a box over the quartiles with the median, a tick at the
// target and a dot at the exercise's value (green when met, red when
// not). The scale runs from 0 to 100 % for rates, from 0 to the largest
// of the figures for the others. It is empty without a baseline.
func (r *Report) spreadMark(i int) template.HTML {
	o := r.Objectives[i]
	s := o.Baseline
	if s == nil {
		return ""
	}
	hi := 1.0
	if direction(r.sc.Objectives[i].Kind) < 0 {
		hi = max(s.Max, o.Value, o.Target) * 1.1
		if hi <= 0 {
			hi = 1
		}
	}
	x := func(v float64) float64 {
		return markPad + (markWidth-2*markPad)*min(max(v/hi, 0), 1)
	}
	const mid = markHeight / 2
	dot := "#17663a"
	if !o.Met {
		dot = "#a3191b"
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="spread" width="%d" height="%d" viewBox="0 0 %d %d" role="img">`, markWidth, markHeight, markWidth, markHeight)
	fmt.Fprintf(&b, `<title>%s</title>`, template.HTMLEscapeString(r.l.F("aar.bl_title",
		s.Runs, s.MinText, s.MaxText, s.Q1Text, s.Q3Text, s.MedianText, o.ValueText, o.TargetText)))
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#d5dbe2"/>`, markPad, mid, markWidth-markPad, mid)
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#5b6675"/>`, x(s.Min), mid, x(s.Max), mid)
	for _, v := range []float64{s.Min, s.Max} {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#5b6675"/>`, x(v), mid-4, x(v), mid+4)
	}
	fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="10" fill="#cfe0f1" stroke="#0b2545" stroke-width="0.8"/>`, x(s.Q1), mid-5, max(x(s.Q3)-x(s.Q1), 1))
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#0b2545" stroke-width="1.6"/>`, x(s.Median), mid-5, x(s.Median), mid+5)
	fmt.Fprintf(&b, `<line x1="%.1f" y1="1" x2="%.1f" y2="%d" stroke="#e0a800" stroke-width="1.4" stroke-dasharray="2 1.5"/>`, x(o.Target), x(o.Target), markHeight-1)
	fmt.Fprintf(&b, `<circle cx="%.1f" cy="%d" r="4" fill="%s" stroke="#fff" stroke-width="1"/>`, x(o.Value), mid, dot)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// baselineText is the summary's paragraph on the baseline: how often the
// computer alone meets each objective, and the results that stand out
// from it. It is empty without a baseline.
func (r *Report) baselineText() string {
	if r.Baseline == nil {
		return ""
	}
	var each, above, below []string
	for _, o := range r.Objectives {
		s := o.Baseline
		each = append(each, r.l.F("aar.bl_each", o.ID, s.Met, s.Runs))
		switch {
		case o.Met && 2*s.Met < s.Runs:
			above = append(above, r.l.F("aar.bl_above", o.ID, s.Met, s.Runs))
		case !o.Met && 2*s.Met >= s.Runs:
			below = append(below, r.l.F("aar.bl_below", o.ID, s.Met, s.Runs))
		}
	}
	t := r.l.F("aar.bl_text", r.Baseline.Runs, strings.Join(each, ", "))
	if len(above) > 0 {
		t += r.l.F("aar.bl_better", strings.Join(above, "; "))
	}
	if len(below) > 0 {
		t += r.l.F("aar.bl_worse", strings.Join(below, "; "))
	}
	return t
}
