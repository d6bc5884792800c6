package aar

import (
	"github.com/borderdrill/borderdrill/recording"
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
