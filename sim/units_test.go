package sim_test

import (
	"testing"

	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// TestWithdrawnUnit: once the white cell withdraws a unit, every order and
// request naming it is rejected with sim.ReasonUnitOut — from its team and
// from the white cell — instead of being accepted and doing nothing;
// another team is still told only that the unit is not its own; and the
// team's units still in the exercise take the same orders.
func TestWithdrawnUnit(t *testing.T) {
	w := drilltest.NewWorld(t, drilltest.Builtin(t, scenarios.Default), 1)
	var v sim.View
	for w.ViewInto(0, &v); len(v.Tracks) == 0; w.ViewInto(0, &v) {
		if w.Tick() > 4*3600 {
			t.Fatal("test design: team 0 holds no track after 4 h")
		}
		w.Step(nil)
	}
	track := v.Tracks[0].ID
	partner := -1
	for _, c := range v.Comms {
		partner = c.A + c.B // the other side of team 0's agreement
	}
	foot, drone, still := int32(-1), int32(-1), int32(-1)
	for _, u := range v.Units {
		switch {
		case u.Kind == sim.Drone && drone < 0:
			drone = u.ID
		case u.Kind != sim.Drone && foot < 0:
			foot = u.ID
		case u.Kind != sim.Drone && still < 0:
			still = u.ID
		}
	}
	if partner <= 0 || foot < 0 || drone < 0 || still < 0 {
		t.Fatalf("test design: team 0 needs an agreement partner (%d), two ground units (%d, %d) and a drone (%d)", partner, foot, still, drone)
	}
	id := uint32(1)
	for _, u := range []int32{foot, drone} {
		if got := answer(t, w, sim.Command{ID: id, Team: sim.Instructor, Kind: sim.CmdRemoveUnit, Unit: u}); got != "" {
			t.Fatalf("withdrawing unit %d: %s", u, got)
		}
		id++
	}
	base := v.Units[0].Pos
	for _, c := range []struct {
		name string
		cmd  sim.Command
		want string
	}{
		{"move", sim.Command{Team: 0, Kind: sim.CmdMove, Unit: foot, Target: base}, sim.ReasonUnitOut},
		{"patrol", sim.Command{Team: 0, Kind: sim.CmdPatrol, Unit: foot, Route: []orb.Point{base, base}}, sim.ReasonUnitOut},
		{"intercept", sim.Command{Team: 0, Kind: sim.CmdIntercept, Unit: foot, Track: track}, sim.ReasonUnitOut},
		{"hold", sim.Command{Team: 0, Kind: sim.CmdHold, Unit: foot}, sim.ReasonUnitOut},
		{"return", sim.Command{Team: 0, Kind: sim.CmdReturn, Unit: foot}, sim.ReasonUnitOut},
		{"launch", sim.Command{Team: 0, Kind: sim.CmdLaunch, Unit: drone, Target: base}, sim.ReasonUnitOut},
		{"recall", sim.Command{Team: 0, Kind: sim.CmdRecall, Unit: drone}, sim.ReasonUnitOut},
		{"pace", sim.Command{Team: 0, Kind: sim.CmdPace, Unit: foot, Count: 50}, sim.ReasonUnitOut},
		{"transfer", sim.Command{Team: 0, Kind: sim.CmdTransfer, Unit: foot, Target: base}, sim.ReasonUnitOut},
		{"readmit", sim.Command{Team: 0, Kind: sim.CmdReadmit, Unit: foot}, sim.ReasonUnitOut},
		{"pursuit request", sim.Command{Team: 0, Kind: sim.CmdPursuit, ToTeam: partner, Unit: foot, Track: track}, sim.ReasonUnitOut},
		{"readmission request", sim.Command{Team: 0, Kind: sim.CmdReadmission, ToTeam: partner, Unit: foot, Index: -1}, sim.ReasonUnitOut},
		{"white cell's move", sim.Command{Team: sim.Instructor, Kind: sim.CmdMove, Unit: foot, Target: base}, sim.ReasonUnitOut},
		{"withdrawn twice", sim.Command{Team: sim.Instructor, Kind: sim.CmdRemoveUnit, Unit: drone}, sim.ReasonUnitOut},
		{"another team's move", sim.Command{Team: partner, Kind: sim.CmdMove, Unit: foot, Target: base}, sim.ReasonNotYourUnit},
		{"no such unit", sim.Command{Team: 0, Kind: sim.CmdMove, Unit: 9999, Target: base}, sim.ReasonNoUnit},
		{"a unit still in", sim.Command{Team: 0, Kind: sim.CmdMove, Unit: still, Target: base}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.cmd.ID = id
			id++
			quiet := w.Clone()
			quiet.Step(nil)
			if got := answer(t, w, c.cmd); got != c.want {
				t.Fatalf("answer %q, want %q", got, c.want)
			}
			if c.want != "" && w.Hash() != quiet.Hash() {
				t.Errorf("the rejected %s changed the state hash", c.name)
			}
		})
	}
}
