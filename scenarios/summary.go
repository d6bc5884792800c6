package scenarios

import (
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"github.com/borderdrill/borderdrill/sim"
)

// Summary is the outcome of a run: the World's running totals and
// objectives at its current tick, in the shape `borderdrill run --json`
// prints and the golden files keep. Means are rounded to 4 decimals.
type Summary struct {
	Scenario     string            `json:"scenario"`
	Map          string            `json:"map"`
	Seed         uint64            `json:"seed"`
	Ticks        int32             `json:"ticks"`
	SimSeconds   int64             `json:"sim_seconds"` // simulated seconds since the start
	StateHash    string            `json:"state_hash"`  // World.Hash as 16 hex digits
	Crossings    CrossingSummary   `json:"crossings"`
	TracksShared int               `json:"tracks_shared"`
	FalseTracks  int               `json:"false_tracks"`
	Incidents    int               `json:"incidents"`
	FenceCuts    int               `json:"fence_cuts"`
	Checkpoint   CheckpointSummary `json:"checkpoint"`
	Custody      CustodySummary    `json:"custody"`
	Risk         RiskSummary       `json:"risk"`
	Objectives   []ObjectiveResult `json:"objectives"`
	Teams        []TeamSummary     `json:"teams"`
}

// CrossingSummary counts the crossing groups.
type CrossingSummary struct {
	Attempted   int `json:"attempted"` // groups that set out
	Crossed     int `json:"crossed"`   // groups that crossed the border
	Detected    int `json:"detected"`
	Apprehended int `json:"apprehended"`
	Escaped     int `json:"escaped"`
	Persons     int `json:"persons"`    // persons in all groups that set out
	Vulnerable  int `json:"vulnerable"` // groups with vulnerable persons
}

// CheckpointSummary sums the checkpoints' traffic.
type CheckpointSummary struct {
	Vehicles         int     `json:"vehicles"`
	MeanWaitS        float64 `json:"mean_wait_s"` // seconds
	ContrabandFound  int     `json:"contraband_found"`
	ContrabandMissed int     `json:"contraband_missed"`
	FalseIDFound     int     `json:"false_id_found"`
	FalseIDMissed    int     `json:"false_id_missed"`
	TradeCost        float64 `json:"trade_cost"` // the scenario's wait_cost times the vehicle-hours waited
}

// CustodySummary sums custody processing.
type CustodySummary struct {
	Groups    int     `json:"groups"`     // groups whose processing finished
	MeanHours float64 `json:"mean_hours"` // hours from apprehension to processed

	Persons          int     `json:"persons"`           // persons whose processing finished
	PersonHours      float64 `json:"person_mean_hours"` // their mean hours in custody
	MaxHours         float64 `json:"max_hours"`         // the longest any of them was held
	AsylumClaims     int     `json:"asylum_claims"`     // persons
	AsylumRegistered int     `json:"asylum_registered"` // persons
	Refoulements     int     `json:"refoulements"`      // groups
	Readmitted       int     `json:"readmitted"`        // persons
	MedicalTransfers int     `json:"medical_transfers"` // persons
}

// RiskSummary counts the risk to life.
type RiskSummary struct {
	Distress     int `json:"distress"`     // groups that fell into distress
	Deaths       int `json:"deaths"`       // persons
	Rescues      int `json:"rescues"`      // groups reached in time
	Humanitarian int `json:"humanitarian"` // of them, across the line
}

// ObjectiveResult is one objective at the end of the run.
type ObjectiveResult struct {
	ID     string  `json:"id"`
	Met    bool    `json:"met"`
	Value  float64 `json:"value"`
	Target float64 `json:"target"`
}

// TeamSummary is one team's figures.
type TeamSummary struct {
	ID            string  `json:"id"`
	Detections    int     `json:"detections"`
	MeanDetectS   float64 `json:"mean_detect_s"` // seconds from crossing to first detection
	Intercepts    int     `json:"intercepts"`
	SharedOut     int     `json:"shared_out"`
	MeanShareS    float64 `json:"mean_share_s"` // seconds from track creation to delivery
	Incidents     int     `json:"incidents"`
	CustodyGroups int     `json:"custody_groups"`
}

// Summarize reads the summary of a World at its current tick.
func Summarize(w *sim.World) Summary {
	st := w.Stats()
	sc := w.Scenario()
	ts := max(sc.TickSeconds, 1)
	s := Summary{
		Scenario:   sc.Name,
		Seed:       w.Seed(),
		Ticks:      w.Tick(),
		SimSeconds: int64(w.Tick()) * int64(ts),
		StateHash:  fmt.Sprintf("%016x", w.Hash()),
		Crossings: CrossingSummary{
			Attempted:   st.Attempted,
			Crossed:     st.Crossed,
			Detected:    st.Detected,
			Apprehended: st.Apprehended,
			Escaped:     st.Escaped,
			Persons:     st.Persons,
			Vulnerable:  st.Vulnerable,
		},
		TracksShared: st.TracksShared,
		FalseTracks:  st.FalseTracks,
		Incidents:    st.Incidents,
		FenceCuts:    st.FenceCuts,
		Checkpoint: CheckpointSummary{
			Vehicles:         st.CheckVehicles,
			MeanWaitS:        round4(st.CheckMeanWait),
			ContrabandFound:  st.ContrabandFound,
			ContrabandMissed: st.ContrabandMissed,
			FalseIDFound:     st.FalseIDFound,
			FalseIDMissed:    st.FalseIDMissed,
			TradeCost:        round4(st.TradeCost),
		},
		Custody: CustodySummary{Groups: st.CustodyGroups, MeanHours: round4(st.CustodyMeanHours),
			Persons: st.CustodyPersons, MaxHours: round4(float64(st.CustodyMaxTicks) * float64(ts) / 3600),
			AsylumClaims: st.AsylumClaims, AsylumRegistered: st.AsylumRegistered, Refoulements: st.Refoulements,
			Readmitted: st.Readmitted, MedicalTransfers: st.MedicalTransfers},
		Risk:       RiskSummary{Distress: st.Distress, Deaths: st.Deaths, Rescues: st.Rescues, Humanitarian: st.Humanitarian},
		Objectives: []ObjectiveResult{},
		Teams:      []TeamSummary{},
	}
	if st.CustodyPersons > 0 {
		s.Custody.PersonHours = round4(float64(st.CustodyPersonTicks) * float64(ts) / 3600 / float64(st.CustodyPersons))
	}
	if sc.Map != nil {
		s.Map = sc.Map.Name
	}
	for _, o := range w.Objectives() {
		s.Objectives = append(s.Objectives, ObjectiveResult{ID: o.ID, Met: o.Met, Value: round4(o.Value), Target: round4(o.Target)})
	}
	for _, t := range st.Teams {
		s.Teams = append(s.Teams, TeamSummary{
			ID:            t.ID,
			Detections:    t.Detections,
			MeanDetectS:   round4(t.MeanDetectTicks * float64(ts)),
			Intercepts:    t.Intercepts,
			SharedOut:     t.SharedOut,
			MeanShareS:    round4(t.MeanShareTicks * float64(ts)),
			Incidents:     t.Incidents,
			CustodyGroups: t.CustodyGroups,
		})
	}
	return s
}

// round4 rounds to 4 decimals, so that summaries compare stably.
func round4(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return math.Round(v*1e4) / 1e4
}

// WriteText writes the summary as a readable table.
func (s Summary) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format, args...) }
	c, k := s.Crossings, s.Checkpoint
	p("scenario\t%s (map %s, seed %d)\n", s.Scenario, s.Map, s.Seed)
	p("simulated\t%s (%d ticks)\n", fmtDuration(int(s.SimSeconds)), s.Ticks)
	p("state hash\t%s\n", s.StateHash)
	p("groups\t%d set out, %d crossed, %d detected, %d apprehended, %d escaped\n", c.Attempted, c.Crossed, c.Detected, c.Apprehended, c.Escaped)
	p("persons\t%d (%d groups with vulnerable persons)\n", c.Persons, c.Vulnerable)
	p("tracks\t%d shared, %d false\n", s.TracksShared, s.FalseTracks)
	p("incidents\t%d (fence cuts %d)\n", s.Incidents, s.FenceCuts)
	p("checkpoints\t%d vehicles, mean wait %.0f s; contraband %d found, %d missed; false ID %d found, %d missed; trade cost %.0f\n",
		k.Vehicles, k.MeanWaitS, k.ContrabandFound, k.ContrabandMissed, k.FalseIDFound, k.FalseIDMissed, k.TradeCost)
	cu, r := s.Custody, s.Risk
	p("custody\t%d groups processed, mean %.2f h; %d persons, mean %.2f h, longest %.2f h\n", cu.Groups, cu.MeanHours, cu.Persons, cu.PersonHours, cu.MaxHours)
	p("asylum\t%d persons claimed, %d registered; %d refoulements; %d readmitted; %d to hospital\n", cu.AsylumClaims, cu.AsylumRegistered, cu.Refoulements, cu.Readmitted, cu.MedicalTransfers)
	p("risk to life\t%d groups in distress, %d rescued (%d across the line), %d deaths\n", r.Distress, r.Rescues, r.Humanitarian, r.Deaths)
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(s.Teams) > 0 {
		p("\nteam\tdetections\tmean detect\tintercepts\tshared\tmean share\tincidents\tcustody\n")
		for _, t := range s.Teams {
			p("%s\t%d\t%.0f s\t%d\t%d\t%.0f s\t%d\t%d\n", t.ID, t.Detections, t.MeanDetectS, t.Intercepts, t.SharedOut, t.MeanShareS, t.Incidents, t.CustodyGroups)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(s.Objectives) > 0 {
		p("\nobjective\tmet\tvalue\ttarget\n")
		for _, o := range s.Objectives {
			met := "no"
			if o.Met {
				met = "yes"
			}
			p("%s\t%s\t%.4g\t%.4g\n", o.ID, met, o.Value, o.Target)
		}
	}
	return tw.Flush()
}
