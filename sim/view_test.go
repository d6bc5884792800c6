package sim

import "testing"

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
			cmds = script(w, cmds)
			if w.Paused() {
				cmds = append(cmds, Command{Team: Instructor, Kind: CmdResume})
			}
			w.Step(cmds)
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
