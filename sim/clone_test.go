package sim

import (
	"reflect"
	"testing"

	"github.com/paulmach/orb"
)

// scripted steps a World under script, resuming it five Steps after a
// pause, as run does, and keeps the hash after every Step. A scripted
// that strays also orders Finland's first unit back and forth and fires
// an inject, so that it writes other values than the script would.
type scripted struct {
	w      *World
	stray  bool
	cmds   []Command
	paused int
	hashes []uint64
}

func (s *scripted) stepTo(tick int32) {
	for s.w.Tick() < tick {
		s.cmds = script(s.w, s.cmds)
		if s.w.Paused() {
			s.paused++
			if s.paused == 5 {
				s.cmds = append(s.cmds, Command{ID: 9, Team: Instructor, Kind: CmdResume})
			}
		}
		if s.stray && s.w.Tick()%97 == 0 {
			u := s.w.units[0]
			to := orb.Point{u.pos[0] + 1500, u.pos[1] + 700}
			if s.w.Tick()%2 == 0 {
				to[0] -= 3000
			}
			s.cmds = append(s.cmds, Command{ID: 77, Team: u.team, Kind: CmdMove, Unit: u.id, Target: to},
				Command{ID: 78, Team: Instructor, Kind: CmdInject, Inject: s.w.sc.Injects[0].ID})
			// Every team's units go after the newest group it holds a
			// track of, so that apprehensions, custody and sightings
			// differ from the script's.
			for team := range s.w.teams {
				v := s.w.View(team)
				if len(v.Tracks) == 0 {
					continue
				}
				tr := v.Tracks[len(v.Tracks)-1]
				for _, u := range v.Units {
					s.cmds = append(s.cmds, Command{ID: 79, Team: team, Kind: CmdIntercept, Unit: u.ID, Track: tr.ID})
				}
			}
		}
		s.w.Step(s.cmds)
		s.hashes = append(s.hashes, s.w.Hash())
	}
}

// TestCloneIsIndependent clones a World at several ticks (one of them
// while paused). Clones that go their own way, before and after the
// original goes on, must leave it stepping exactly as a World never cloned
// does; and a clone that follows the script after the original strayed
// must too. A field that Clone shares instead of copying makes one of them
// diverge.
func TestCloneIsIndependent(t *testing.T) {
	for _, at := range []int32{1, 1600, 2002, 3100} {
		end := at + 3000
		ref := &scripted{w: mustNew(t)}
		ref.stepTo(at)
		ref.hashes = nil
		ref.stepTo(end)

		orig := &scripted{w: mustNew(t)}
		orig.stepTo(at)
		if c := orig.w.Clone(); c.Hash() != orig.w.Hash() || !reflect.DeepEqual(c.Stats(), orig.w.Stats()) {
			t.Fatalf("at %d: the clone differs from the original", at)
		}
		strayBefore := &scripted{w: orig.w.Clone(), paused: orig.paused, stray: true}
		strayAfter := &scripted{w: orig.w.Clone(), paused: orig.paused, stray: true}
		follow := &scripted{w: orig.w.Clone(), paused: orig.paused}
		strayBefore.stepTo(end)
		orig.hashes = nil
		orig.stepTo(end)
		strayAfter.stepTo(end)
		follow.stepTo(end)
		if strayBefore.hashes[len(strayBefore.hashes)-1] == ref.hashes[len(ref.hashes)-1] {
			t.Fatalf("at %d: the straying clone did not stray", at)
		}
		for name, s := range map[string]*scripted{"the original": orig, "a clone that followed the script": follow} {
			if len(s.hashes) != len(ref.hashes) {
				t.Fatalf("at %d: %s took %d Steps, the reference %d", at, name, len(s.hashes), len(ref.hashes))
			}
			for i := range ref.hashes {
				if s.hashes[i] != ref.hashes[i] {
					t.Fatalf("cloned at %d: %s differs from a World never cloned at Step %d", at, name, i)
				}
			}
			if !reflect.DeepEqual(s.w.Stats(), ref.w.Stats()) {
				t.Errorf("cloned at %d: %s ends with other statistics than a World never cloned", at, name)
			}
		}
	}
}

func mustNew(t *testing.T) *World {
	t.Helper()
	w, err := New(fixture(t), 42)
	if err != nil {
		t.Fatal(err)
	}
	return w
}
