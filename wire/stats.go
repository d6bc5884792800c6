package wire

import "github.com/borderdrill/borderdrill/sim"

// teamStats are one team's figures on the wire.
var teamStats = newRecord(
	strField(0, func(t *sim.TeamStats) *string { return &t.ID }),
	intField(0, func(t *sim.TeamStats) *int { return &t.Detections }),
	f64Field(0, func(t *sim.TeamStats) *float64 { return &t.MeanDetectTicks }),
	intField(0, func(t *sim.TeamStats) *int { return &t.Intercepts }),
	f64Field(0, func(t *sim.TeamStats) *float64 { return &t.MeanInterceptTks }),
	intField(0, func(t *sim.TeamStats) *int { return &t.SharedOut }),
	f64Field(0, func(t *sim.TeamStats) *float64 { return &t.MeanShareTicks }),
	intField(0, func(t *sim.TeamStats) *int { return &t.Incidents }),
	intField(0, func(t *sim.TeamStats) *int { return &t.CustodyGroups }),
	f64Field(0, func(t *sim.TeamStats) *float64 { return &t.CustodyMeanHours }),
	intField(0, func(t *sim.TeamStats) *int { return &t.CheckVehicles }),
	f64Field(0, func(t *sim.TeamStats) *float64 { return &t.CheckMeanWait }),
)

// stats are the exercise's totals on the wire; a Delta replaces them
// whole.
var stats = newRecord(
	intField(0, func(s *sim.Stats) *int { return &s.Attempted }),
	intField(0, func(s *sim.Stats) *int { return &s.Crossed }),
	intField(0, func(s *sim.Stats) *int { return &s.Detected }),
	intField(0, func(s *sim.Stats) *int { return &s.Apprehended }),
	intField(0, func(s *sim.Stats) *int { return &s.Escaped }),
	intField(0, func(s *sim.Stats) *int { return &s.Persons }),
	intField(0, func(s *sim.Stats) *int { return &s.Vulnerable }),
	intField(0, func(s *sim.Stats) *int { return &s.TracksShared }),
	intField(0, func(s *sim.Stats) *int { return &s.FalseTracks }),
	intField(0, func(s *sim.Stats) *int { return &s.Incidents }),
	intField(0, func(s *sim.Stats) *int { return &s.FenceCuts }),
	intField(0, func(s *sim.Stats) *int { return &s.CheckVehicles }),
	i64Field(0, func(s *sim.Stats) *int64 { return &s.CheckWaitTicks }),
	f64Field(0, func(s *sim.Stats) *float64 { return &s.CheckMeanWait }),
	intField(0, func(s *sim.Stats) *int { return &s.ContrabandFound }),
	intField(0, func(s *sim.Stats) *int { return &s.ContrabandMissed }),
	intField(0, func(s *sim.Stats) *int { return &s.FalseIDFound }),
	intField(0, func(s *sim.Stats) *int { return &s.FalseIDMissed }),
	intField(0, func(s *sim.Stats) *int { return &s.CustodyGroups }),
	f64Field(0, func(s *sim.Stats) *float64 { return &s.CustodyMeanHours }),
	i64Field(0, func(s *sim.Stats) *int64 { return &s.CustodyTicks }),
	listField(func(s *sim.Stats) *[]sim.TeamStats { return &s.Teams }, teamStats),
)

var statsSection = recordSection(SecStats, stats,
	func(v *sim.View) *sim.Stats { return &v.Stats },
	func(d *Delta) *sim.Stats { return &d.Stats })
