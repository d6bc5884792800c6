package sim

import (
	"testing"
)

// TestTeamViewHoldsNoUndetectedCrosser is the property that a team's View
// never holds a crosser it has not detected or been told of: no ground
// truth at all, and every track traceable to the team's own detection, a
// partner's share, or a community report.
func TestTeamViewHoldsNoUndetectedCrosser(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		w, err := New(fixture(t), seed)
		if err != nil {
			t.Fatal(err)
		}
		var cmds []Command
		var v View
		checked := 0
		for w.Tick() < 3*3600 {
			cmds = stepScripted(w, cmds)
			if w.Tick()%50 != 0 {
				continue
			}
			for team := range w.teams {
				w.ViewInto(team, &v)
				if len(v.Crossers) != 0 {
					t.Fatalf("seed %d tick %d: team %d view holds %d crossers", seed, w.Tick(), team, len(v.Crossers))
				}
				for _, u := range v.Units {
					if u.Team != team {
						t.Fatalf("team %d sees unit %s of team %d", team, u.Name, u.Team)
					}
				}
				for _, tv := range v.Tracks {
					tr := &w.tracks[tv.ID]
					if int(tr.team) != team {
						t.Fatalf("team %d sees track %d of team %d", team, tv.ID, tr.team)
					}
					if tr.crosser < 0 {
						continue // a false alarm of its own or a partner's
					}
					c := &w.crossers[tr.crosser]
					told := tr.source == SrcShared && tr.from >= 0 && w.seen.at(tr.crosser, int(tr.from)).first >= 0
					reported := tr.source == SrcCommunity && c.reportSent[team]
					if w.seen.at(c.id, team).first < 0 && !told && !reported {
						t.Fatalf("seed %d tick %d: team %d holds track %d of crosser %d it neither detected nor was told of (source %v)",
							seed, w.Tick(), team, tv.ID, tr.crosser, tr.source)
					}
					checked++
				}
			}
			w.ViewInto(Instructor, &v)
			for _, c := range v.Crossers {
				if c.State == Apprehended || c.State == Escaped {
					t.Fatalf("instructor view lists finished crosser %d", c.ID)
				}
			}
		}
		if checked == 0 {
			t.Fatalf("seed %d: no track was ever checked", seed)
		}
	}
}

// TestTeamViewCarriesNoGroundTruthFigure steps the fixture and checks, for
// every team's View, the figures a team cannot know: no barrier's cut count
// (a cut that raised no alarm is ground truth), no other team's checkpoint
// queue or wait, no live value of an objective measured against ground
// truth, no count of real groups among its tracks; while the white cell
// sees them all.
func TestTeamViewCarriesNoGroundTruthFigure(t *testing.T) {
	w, err := New(fixture(t), 4)
	if err != nil {
		t.Fatal(err)
	}
	var cmds []Command
	var v View
	var measured, queued bool
	for w.Tick() < 5*3600 {
		cmds = stepScripted(w, cmds)
		if w.Tick()%60 != 0 {
			continue
		}
		w.ViewInto(Instructor, &v)
		for _, c := range v.Checks {
			queued = queued || c.Queue > 0
		}
		for _, o := range v.Objective {
			measured = measured || (o.ID == "detect" && o.Value > 0)
		}
		for team := range w.teams {
			w.ViewInto(team, &v)
			for _, b := range v.Barriers {
				if b.Cuts != 0 {
					t.Fatalf("tick %d: team %d sees %d cuts of %s", w.Tick(), team, b.Cuts, b.Name)
				}
			}
			for _, c := range v.Checks {
				if c.Team != team && (c.Queue != 0 || c.MeanWait != 0) {
					t.Fatalf("tick %d: team %d sees the queue of team %d's checkpoint %s", w.Tick(), team, c.Team, c.Name)
				}
			}
			for i, o := range v.Objective {
				spec := &w.sc.Objectives[i]
				if !spec.Known(team) && (o.Value != Unmeasured || o.Met) {
					t.Fatalf("tick %d: team %d sees objective %s at %v (met %v)", w.Tick(), team, o.ID, o.Value, o.Met)
				}
			}
			for _, ts := range v.Stats.Teams {
				if ts.Detections != 0 || ts.MeanDetectTicks != 0 {
					t.Fatalf("tick %d: team %d sees its detections counted against ground truth", w.Tick(), team)
				}
			}
		}
	}
	if !measured || !queued {
		t.Errorf("the white cell saw a detection value %v, a queue %v: the test checked nothing", measured, queued)
	}
}

// stepScripted steps w with the determinism test's script, resuming the
// exercise when the script paused it, and returns the commands, whose
// slice the next call reuses.
func stepScripted(w *World, cmds []Command) []Command {
	cmds = script(w, cmds)
	if w.Paused() {
		cmds = append(cmds, Command{Team: Instructor, Kind: CmdResume})
	}
	w.Step(cmds)
	return cmds
}
