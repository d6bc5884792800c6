package sim

import (
	"testing"

	"github.com/paulmach/orb"
)

func eventFor(evs []Event, kind EventKind, cmdID uint32) (Event, bool) {
	for _, e := range evs {
		if e.Kind == kind && e.CmdID == cmdID {
			return e, true
		}
	}
	return Event{}, false
}

func TestCommandValidation(t *testing.T) {
	s := fixture(t)
	home := s.Units[0].Pos
	cases := []struct {
		name   string
		cmd    Command
		reason string // "" when the command must be accepted
	}{
		{"own unit moves", Command{Team: 0, Kind: CmdMove, Unit: 0, Target: home}, ""},
		{"other team's unit", Command{Team: 0, Kind: CmdMove, Unit: 3, Target: home}, ReasonNotYourUnit},
		{"no such unit", Command{Team: 0, Kind: CmdHold, Unit: 99}, ReasonNoUnit},
		{"negative unit", Command{Team: 1, Kind: CmdHold, Unit: -1}, ReasonNoUnit},
		{"trainee pauses", Command{Team: 0, Kind: CmdPause}, ReasonNotInstructor},
		{"trainee speeds up", Command{Team: 1, Kind: CmdSpeed, Speed: 60}, ReasonNotInstructor},
		{"trainee fires inject", Command{Team: 2, Kind: CmdInject, Inject: "I3"}, ReasonNotInstructor},
		{"instructor bad speed", Command{Team: Instructor, Kind: CmdSpeed, Speed: 0}, ReasonBadSpeed},
		{"instructor unknown inject", Command{Team: Instructor, Kind: CmdInject, Inject: "nope"}, ReasonNoInject},
		{"instructor speed", Command{Team: Instructor, Kind: CmdSpeed, Speed: 60}, ""},
		{"unknown team", Command{Team: 5, Kind: CmdHold, Unit: 0}, ReasonBadTeam},
		{"move off map", Command{Team: 0, Kind: CmdMove, Unit: 0, Target: orb.Point{1e9, 1e9}}, ReasonOffMap},
		{"empty patrol", Command{Team: 0, Kind: CmdPatrol, Unit: 0}, ReasonNoRoute},
		{"launch a foot patrol", Command{Team: 0, Kind: CmdLaunch, Unit: 0}, ReasonNotDrone},
		{"recall a grounded drone", Command{Team: 0, Kind: CmdRecall, Unit: 2}, ReasonGrounded},
		{"launch drone", Command{Team: 0, Kind: CmdLaunch, Unit: 2, Target: home}, ""},
		{"intercept unknown track", Command{Team: 0, Kind: CmdIntercept, Unit: 0, Track: 12345}, ReasonNoTrack},
		{"share unknown track", Command{Team: 0, Kind: CmdShare, Track: 12345, ToTeam: 1}, ReasonNoTrack},
		{"unknown kind", Command{Team: 0, Kind: 200}, ReasonBadKind},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, err := New(s, 1)
			if err != nil {
				t.Fatal(err)
			}
			tc.cmd.ID = uint32(i + 100)
			evs := w.Step([]Command{tc.cmd})
			rej, rejected := eventFor(evs, EvRejected, tc.cmd.ID)
			_, accepted := eventFor(evs, EvAccepted, tc.cmd.ID)
			if tc.reason == "" {
				if !accepted || rejected {
					t.Fatalf("want accepted, got rejected=%v (%q)", rejected, rej.Text)
				}
				return
			}
			if !rejected || accepted {
				t.Fatalf("want rejected with %q, got accepted=%v", tc.reason, accepted)
			}
			if rej.Text != tc.reason {
				t.Errorf("reason %q, want %q", rej.Text, tc.reason)
			}
			if !rej.VisibleTo(tc.cmd.Team) {
				t.Errorf("the sender (team %d) cannot see its rejection", tc.cmd.Team)
			}
			if w.Paused() {
				t.Errorf("a rejected command paused the exercise")
			}
		})
	}
}

// TestShareAcrossTeams checks that a track shared by command reaches the
// partner, and that sharing with a team without an agreement is refused.
func TestShareAcrossTeams(t *testing.T) {
	w, err := New(fixture(t), 5)
	if err != nil {
		t.Fatal(err)
	}
	w.Step(nil)
	// A group seen by Russia's foot patrol gives Russia a track of its own.
	c := place(w, w.units[3].pos, w.units[3].pos, true)
	w.detect(1, c.id, c.pos, SrcPatrol, 25)
	own := w.seen.at(c.id, 1).track
	if own < 0 {
		t.Fatal("Russia's detection made no track")
	}
	evs := w.Step([]Command{
		{ID: 1, Team: 1, Kind: CmdShare, Track: own, ToTeam: 0},
		{ID: 2, Team: 1, Kind: CmdShare, Track: own, ToTeam: 2},
		{ID: 3, Team: 0, Kind: CmdShare, Track: own, ToTeam: 2},
	})
	if _, ok := eventFor(evs, EvAccepted, 1); !ok {
		t.Fatal("share RUS→FIN under their agreement was not accepted")
	}
	if e, ok := eventFor(evs, EvRejected, 2); !ok || e.Text != ReasonNoAgreement {
		t.Fatalf("share RUS→EU without agreement: got %+v", e)
	}
	if e, ok := eventFor(evs, EvRejected, 3); !ok || e.Text != ReasonNoTrack {
		t.Fatalf("FIN sharing RUS's track: got %+v", e)
	}
	crosser := w.tracks[own].crosser
	for range w.agreements[0].spec.Delay + 1 {
		w.Step(nil)
	}
	if crosser >= 0 {
		got := w.trackByID(w.seen.at(crosser, 0).track)
		if got == nil {
			t.Fatal("Finland holds no track of the shared crosser after the agreement's delay")
		}
	}
	if w.tracks[own].shared&1 == 0 {
		t.Error("the shared track is not marked as delivered to Finland")
	}
}
