package client_test

import (
	"testing"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

func TestParseObservation(t *testing.T) {
	injects := []sim.InjectView{{ID: "C1"}, {ID: "C2"}}
	objectives := []sim.ObjectiveStatus{{ID: "share"}}
	teams := []client.Team{{ID: "MIG"}, {ID: "GNB"}}
	cases := []struct {
		line string
		want wire.Observation
		ok   bool
	}{
		{"C1 s lanes opened late", wire.Observation{Subject: wire.SubjectInject, Ref: "C1", Rating: wire.RatingS, Text: "lanes opened late"}, true},
		{"adhoc-3 P", wire.Observation{Subject: wire.SubjectInject, Ref: "adhoc-3", Rating: wire.RatingP}, true},
		{"share M  radio only ", wire.Observation{Subject: wire.SubjectObjective, Ref: "share", Rating: wire.RatingM, Text: "radio only"}, true},
		{"GNB U no patrol", wire.Observation{Subject: wire.SubjectTeam, Ref: "GNB", Rating: wire.RatingU, Text: "no patrol"}, true},
		{"C9 P unknown row", wire.Observation{}, false},
		{"C1 X no such rating", wire.Observation{}, false},
		{"C1", wire.Observation{}, false},
	}
	for _, c := range cases {
		t.Run(c.line, func(t *testing.T) {
			got, ok := client.ParseObservation(c.line, injects, objectives, teams)
			if ok != c.ok || got != c.want {
				t.Errorf("got %+v %v, want %+v %v", got, ok, c.want, c.ok)
			}
		})
	}
}
