package aar

import (
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/sim"
)

// Observation is one evaluator's observation from the recording, with its
// clock time: beside the draft rating of its inject's evaluation row, or
// in the list of observations of objectives and teams.
type Observation struct {
	Tick    int32
	Time    string // clock time
	Subject string // inject, objective or team
	Ref     string // its id
	Rating  string // P, S, M or U
	From    string
	Text    string
}

// observations files the evaluators' observations: those of an inject
// beside its row, every one in the report's list.
func (r *Report) observations(obs []recording.Observation) {
	for _, o := range obs {
		ob := Observation{Tick: o.Tick, Time: r.clock(o.Tick), Subject: o.Subject, Ref: o.Ref, Rating: o.Rating, From: o.From, Text: o.Text}
		r.Observations = append(r.Observations, ob)
		if o.Subject != "inject" {
			continue
		}
		for i := range r.Injects {
			if r.Injects[i].ID == o.Ref {
				r.Injects[i].Observations = append(r.Injects[i].Observations, ob)
			}
		}
	}
}

// rowStates notes each MSEL row's state at the end of the exercise, and
// why a row did not fire when the white cell skipped or postponed it.
func (r *Report) rowStates(w *sim.World) {
	var v sim.View
	w.ViewInto(sim.Instructor, &v)
	for _, in := range v.Injects {
		for i := range r.Injects {
			row := &r.Injects[i]
			if row.ID != in.ID {
				continue
			}
			row.Status = in.Status.String()
			switch {
			case row.Fired:
			case in.Status == sim.RowSkipped:
				row.RatingNote = r.l.T("aar.note_skipped")
			case in.Status == sim.RowPostponed:
				row.RatingNote = r.l.F("aar.note_postponed", r.clock(in.At))
			}
		}
	}
}
