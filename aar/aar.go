// Package aar writes the after-action review of a recorded exercise: it
// replays the recording (checking every stored state hash), gathers the
// ground truth as it unfolds, and writes an HTML report in the shape of an
// HSEEP After-Action Report / Improvement Plan: summary, objectives, the
// MSEL with what the players did after each inject, team figures, charts
// over time, a map of where groups crossed, were detected, stopped or
// missed, and a draft improvement plan.
package aar

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/borderdrill/borderdrill/i18n"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// Defaults for the zero Options.
const (
	DefaultSampleEvery = 60   // ticks between chart samples
	DefaultWindow      = 3600 // seconds after an inject in which the addressees' actions count as the response
	maxActionsShown    = 8    // player commands listed per inject
)

// Options tune Build.
type Options struct {
	SampleEvery int32         // ticks between samples of the running totals; 0 takes DefaultSampleEvery
	Window      time.Duration // response window after each inject (simulated time); 0 takes DefaultWindow seconds
	// Baseline is the number of baseline runs (RunBaseline) to set beside
	// the exercise's objectives, at seeds 1 to Baseline; 0 makes none.
	Baseline int
	// Workers is how many baseline runs go at once; 0 takes
	// runtime.GOMAXPROCS.
	Workers int
	// Progress, if set, is told how many baseline runs have finished
	// (BaselineOptions.Progress).
	Progress func(done int)
	// Lang is the language of the review's generated texts (ratings,
	// narrative, timeline, charts and map legends): a BCP 47 tag such as
	// "fi"; "" is English.
	Lang string
}

// Report is the after-action review of one recorded exercise: every
// figure the HTML shows, in a form tests and tools can read.
type Report struct {
	Comms Comms // the communications section: recorded chat
	// Observations are the evaluators' observations, in order.
	Observations []Observation
	// Requests are the reports and requests between partners, in the
	// order made, with their answers and timing.
	Requests    []Request
	Title       string
	Scenario    string
	Description string
	Map         string
	MapName     string // the border, in words ("Finland – Russia")
	Recording   string // file the report was made from
	// BranchOf, for an exercise branched from another recording ("branch
	// here"), names that recording and the branch's first tick and clock.
	BranchOf    *recording.Origin
	BranchClock string
	Build       string // build that made the recording
	Created     time.Time
	Seed        uint64
	Hash        string // state hash at the end, 16 hex digits
	Verified    int    // checkpoints whose hash was verified
	Truncated   bool   // the recording's last line was cut short
	Ticks       int32
	TickSeconds int
	Start, End  string // clock times
	Duration    string
	Window      string // the inject response window, in words

	Summary    scenarios.Summary // the same figures as `borderdrill run --json`
	Teams      []Team
	Objectives []Objective
	Injects    []Inject
	Plan       []PlanItem
	Samples    []Sample
	Groups     []Group
	// Custody is each apprehended group's custody chain; Life the groups'
	// distress, rescues and deaths; PortOrders the orders given at
	// checkpoints with the waits before and after (custody.go).
	Custody    []CustodyChain
	Life       []LifeEvent
	PortOrders []PortOrder
	Timeline   []Entry
	Commands   CommandCount
	// Baseline, when Options.Baseline asked for one, is the scenario
	// played by the computer alone over several seeds; each objective's
	// Baseline is its spread.
	Baseline *Baseline `json:",omitempty"`
	// Lang is the language of the generated texts (Options.Lang).
	Lang string

	sc *sim.Scenario
	l  *i18n.Lang
}

// Team is one team's figures.
type Team struct {
	Index     int
	ID, Name  string
	Country   string
	Auto      bool // computer-controlled
	Detection int  // groups detected
	// Means in minutes, 0 when there was nothing to measure.
	MeanDetectMin    float64 // from crossing to first detection
	Intercepts       int     // groups apprehended by the team's units
	MeanInterceptMin float64 // from the team's first detection to apprehension
	SharedOut        int     // tracks delivered to partners
	MeanShareMin     float64 // from track creation to delivery
	Incidents        int
	CustodyGroups    int
	CustodyMeanHours float64
	CheckVehicles    int
	CheckMeanWaitMin float64
	Commands         CommandCount
}

// CommandCount counts player commands.
type CommandCount struct {
	Total, Accepted, Rejected int
}

// Objective is one objective at the end of the exercise.
type Objective struct {
	ID, Description string
	Kind            string // the scenario file's kind name
	Team            string // team id, or "all"
	Value, Target   float64
	Met             bool
	ValueText       string // value with its unit
	TargetText      string // comparison and target with its unit
	Injects         []string
	Baseline        *Spread `json:",omitempty"` // over the baseline runs, when there are any
}

// Inject is one MSEL row with what the players did after it fired: the
// rows of an exercise evaluation guide.
type Inject struct {
	ID, Synopsis, Message, Expected string
	Addressee                       string // team ids, "all teams" or "white cell"
	Objective                       string // linked objective id
	Planned                         string // scheduled time or trigger
	Fired                           bool
	FiredTick                       int32
	FiredAt                         string
	Actions                         []Action // player commands in the window, first few
	MoreActions                     int      // commands in the window not listed
	FirstResponse                   string   // time from the inject to the first player command
	Activity                        []string // per addressee team: detections, shares, apprehensions, incidents in the window
	Rating                          string   // draft HSEEP rating: P, S, M, U or "—"
	RatingNote                      string
	AdHoc                           bool // sent by the white cell during the run, not in the scenario's MSEL
	// Observed is, for a row with an expected action, what the
	// addressees performed in response (observed.go): the first accepted
	// command of each kind per team in the window — an order, a
	// classification, a report, a request, an answer — and the first
	// liaison chat line, in order. Empty: none observed.
	Observed []Action
	// Observations are the evaluators' observations of this inject, in
	// the order they were made (observations.go).
	Observations []Observation
	// Status is the row's state in the white cell's live MSEL at the end:
	// pending, fired, skipped, postponed or contingency.
	Status string
}

// Action is one player command.
type Action struct {
	Tick    int32
	Time    string
	After   string // time since the inject
	Team    string
	Text    string
	Outcome string // "accepted" or the reason it was rejected, in the report's language
	// Rejected is set when the exercise refused the command.
	Rejected bool `json:",omitempty"`
}

// Sample is the running totals at a tick.
type Sample struct {
	Tick                                               int32
	Attempted, Crossed, Detected, Apprehended, Escaped int
}

// Group is one crossing group's story in ground truth. Ticks are -1 when
// it did not happen.
type Group struct {
	ID                                int32
	Started                           int32 // tick the group set out (to the Step)
	Crossed, Detected, Caught, Escape int32
	CaughtBy                          int // team index, -1
	CrossPos, CaughtPos, EscapePos    orb.Point
	LastPos                           orb.Point // last position seen while at large
	Seen                              bool      // LastPos is set
}

// Entry is one line of the exercise timeline.
type Entry struct {
	Tick int32
	Time string
	Kind string
	Text string
}

// PlanItem is one row of the draft improvement plan.
type PlanItem struct {
	Objective      string
	Capability     string
	Observation    string
	Recommendation string
	Element        string // capability element: planning, organisation, equipment, training, exercises
	Responsible    string
	Due            string
}

// Build replays rec and gathers the report. The replay checks every stored
// hash; a mismatch is an error, since a review of a different exercise
// than the one played would be worse than none.
func Build(rec *recording.Recording, opt Options) (*Report, error) {
	return BuildContext(context.Background(), rec, opt)
}

// BuildContext is Build with a context that stops the baseline runs, if
// any, when it is done.
func BuildContext(ctx context.Context, rec *recording.Recording, opt Options) (*Report, error) {
	if opt.Baseline < 0 {
		return nil, fmt.Errorf("aar: a baseline needs at least one run, not %d", opt.Baseline)
	}
	if opt.SampleEvery <= 0 {
		opt.SampleEvery = DefaultSampleEvery
	}
	sc, err := rec.Scenario()
	if err != nil {
		return nil, err
	}
	ts := max(sc.TickSeconds, 1)
	window := int32(DefaultWindow / ts)
	if opt.Window > 0 {
		window = max(1, int32(opt.Window/time.Second)/int32(ts))
	}
	c := newCollector(sc, rec, opt.SampleEvery, i18n.Get(opt.Lang))
	c.initPorts(int32(3600 / ts))
	w, err := sim.New(sc, rec.Header.Seed)
	if err != nil {
		return nil, fmt.Errorf("aar: %w", err)
	}
	c.markPorts(w, false) // tick 0, before the first Step
	w, err = recording.Replay(rec, recording.Options{OnStep: c.step, From: w})
	if err != nil {
		return nil, err
	}
	c.finish(w)
	r := &Report{
		Scenario:    sc.Name,
		Description: sc.Description,
		Map:         rec.Header.Map,
		Recording:   rec.Path,
		Build:       rec.Header.Build,
		Created:     rec.Header.Created,
		BranchOf:    rec.Header.BranchOf,
		Seed:        rec.Header.Seed,
		Truncated:   rec.Truncated,
		Ticks:       w.Tick(),
		TickSeconds: ts,
		Summary:     scenarios.Summarize(w),
		Samples:     c.samples,
		Groups:      c.groups,
		Timeline:    c.timeline,
		sc:          sc,
		l:           c.l,
		Lang:        c.l.Code(),
	}
	r.Title = r.l.F("aar.title", sc.Name)
	if r.BranchOf != nil {
		r.BranchClock = r.clock(r.BranchOf.Tick)
	}
	r.Hash = r.Summary.StateHash
	for _, cp := range rec.Checkpoints {
		if cp.Tick <= w.Tick() {
			r.Verified++
		}
	}
	r.MapName = mapName(sc)
	r.Start, r.End = r.clock(0), r.clock(w.Tick())
	r.Duration = r.span(w.Tick())
	for i := range r.Timeline {
		r.Timeline[i].Time = r.clock(r.Timeline[i].Tick)
	}
	r.Window = r.span(window)
	r.teams(w, c)
	r.custody(c)
	r.objectives(w)
	r.injects(c, window)
	r.rowStates(w)
	r.comms(rec.Chats)
	r.observations(rec.Observations)
	r.requests(w)
	r.plan(c)
	if opt.Baseline > 0 {
		b, err := RunBaseline(ctx, sc, r.Ticks, BaselineOptions{Runs: opt.Baseline, Workers: opt.Workers, Progress: opt.Progress})
		if err != nil {
			return nil, err
		}
		r.spread(b)
	}
	return r, nil
}

// teams fills the per-team figures.
func (r *Report) teams(w *sim.World, c *collector) {
	st := w.Stats()
	min := func(ticks float64) float64 { return ticks * float64(r.TickSeconds) / 60 }
	for i, t := range r.sc.Teams {
		ts := st.Teams[i]
		tm := Team{
			Index: i, ID: t.ID, Name: t.Name, Country: t.Country, Auto: r.sc.Auto&(1<<i) != 0,
			Detection: ts.Detections, MeanDetectMin: min(ts.MeanDetectTicks),
			Intercepts: ts.Intercepts, MeanInterceptMin: min(ts.MeanInterceptTks),
			SharedOut: ts.SharedOut, MeanShareMin: min(ts.MeanShareTicks),
			Incidents: ts.Incidents, CustodyGroups: ts.CustodyGroups, CustodyMeanHours: ts.CustodyMeanHours,
			CheckVehicles: ts.CheckVehicles, CheckMeanWaitMin: ts.CheckMeanWait / 60,
		}
		for _, a := range c.actions {
			if a.team == i {
				tm.Commands.Total++
				if a.ok {
					tm.Commands.Accepted++
				} else if a.outcome != "" {
					tm.Commands.Rejected++
				}
			}
		}
		r.Commands.Total += tm.Commands.Total
		r.Commands.Accepted += tm.Commands.Accepted
		r.Commands.Rejected += tm.Commands.Rejected
		r.Teams = append(r.Teams, tm)
	}
}

// objectives fills the objectives at the end of the exercise.
func (r *Report) objectives(w *sim.World) {
	live := w.Objectives()
	for i, spec := range r.sc.Objectives {
		o := live[i]
		ob := Objective{ID: o.ID, Description: o.Description, Kind: objectiveKind(spec.Kind), Team: r.teamName(spec.Team),
			Value: o.Value, Target: o.Target, Met: o.Met}
		ob.ValueText, ob.TargetText = r.objectiveText(spec, o.Value)
		for _, in := range r.sc.Injects {
			if in.Objective == o.ID {
				ob.Injects = append(ob.Injects, in.ID)
			}
		}
		r.Objectives = append(r.Objectives, ob)
	}
}

// objectiveByID returns the objective with the given id, or nil.
func (r *Report) objectiveByID(id string) *Objective {
	i := slices.IndexFunc(r.Objectives, func(o Objective) bool { return o.ID == id })
	if i < 0 {
		return nil
	}
	return &r.Objectives[i]
}

// teamName names a team index; a negative one is "all" (objectives
// measured over every team).
func (r *Report) teamName(i int) string {
	if i >= 0 && i < len(r.sc.Teams) {
		return r.sc.Teams[i].ID
	}
	return r.l.T("aar.all_teams")
}

// clock formats a tick as the exercise clock, HH:MM, with the day when
// the exercise runs past midnight.
func (r *Report) clock(tick int32) string {
	s := r.sc.StartSecond + int(tick)*r.TickSeconds
	day := s / 86400
	s %= 86400
	t := fmt.Sprintf("%02d:%02d", s/3600, s%3600/60)
	if day > 0 {
		t += fmt.Sprintf(" (D+%d)", day)
	}
	return t
}

// span formats a number of ticks as a duration in words.
func (r *Report) span(ticks int32) string {
	return duration(r.l, float64(ticks)*float64(r.TickSeconds))
}

// duration formats seconds in l's units: "45 s", "12 min", "2 h 05 min"
// in English.
func duration(l *i18n.Lang, sec float64) string {
	switch {
	case sec < 90:
		return l.F("aar.u_s", sec)
	case sec < 3600:
		return l.F("aar.u_min", sec/60)
	}
	m := int(sec/60 + 0.5)
	if m%60 == 0 {
		return l.F("aar.u_h", m/60)
	}
	return l.F("aar.u_h_min", m/60, m%60)
}

// mapName is the border in words, from the map's border countries.
func mapName(sc *sim.Scenario) string {
	if sc.Map == nil || len(sc.Map.Countries) < 2 {
		if sc.Map != nil {
			return sc.Map.Name
		}
		return ""
	}
	return sc.Map.Countries[0].Name + " – " + sc.Map.Countries[1].Name
}

// objectiveKind names an objective kind as scenario files spell it.
func objectiveKind(k sim.ObjectiveKind) string { return k.String() }

// objectiveText formats an objective's value and target with their units.
func (r *Report) objectiveText(o sim.ObjectiveSpec, v float64) (value, target string) {
	pct := func(x float64) string { return fmt.Sprintf("%.0f %%", 100*x) }
	within := func(target string) string {
		if o.Window > 0 {
			return r.l.F("aar.target_within", target, r.span(o.Window))
		}
		return target
	}
	switch o.Kind {
	case sim.ObjDetectWithin, sim.ObjShareWithin, sim.ObjVulnerableCare, sim.ObjHandoverWithin, sim.ObjReportWithin, sim.ObjResolveWithin:
		return pct(v), within("≥ " + pct(o.Target))
	case sim.ObjApprehendRate, sim.ObjClassifyAccuracy:
		return pct(v), "≥ " + pct(o.Target)
	case sim.ObjMaxIncidents, sim.ObjPursuitIncidents:
		return fmt.Sprintf("%.0f", v), fmt.Sprintf("≤ %.0f", o.Target)
	case sim.ObjMaxCustodyHours:
		return r.l.F("aar.u_h1", v), "≤ " + r.l.F("aar.u_h1", o.Target)
	case sim.ObjMaxCheckpointWait:
		return r.l.F("aar.u_min1", v), "≤ " + r.l.F("aar.u_min", o.Target)
	case sim.ObjRescueWithin:
		return pct(v), within("≥ " + pct(o.Target))
	case sim.ObjAsylumRegistered:
		return pct(v), "≥ " + pct(o.Target)
	case sim.ObjDeathsMax:
		return fmt.Sprintf("%.0f", v), fmt.Sprintf("≤ %.0f", o.Target)
	case sim.ObjTradeCostMax:
		return fmt.Sprintf("%.0f", v), fmt.Sprintf("≤ %.0f", o.Target)
	}
	return fmt.Sprintf("%.4g", v), fmt.Sprintf("%.4g", o.Target)
}
