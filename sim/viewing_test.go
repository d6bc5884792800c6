package sim

import "testing"

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
		cmds = script(w, cmds)
		if w.Paused() {
			cmds = append(cmds, Command{Team: Instructor, Kind: CmdResume})
		}
		w.Step(cmds)
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
