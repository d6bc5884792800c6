package sim

import (
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// quietWorld is the fixture with no flows or injects.
func quietWorld(t *testing.T) *World {
	t.Helper()
	s := fixture(t)
	s.Flows, s.Injects = nil, nil
	w, err := New(s, 1)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// inCustody puts a group of n persons straight into team 0's custody at
// its base, screened, as if an escort had just handed it over.
func inCustody(w *World, n int32, vulnerable bool) {
	c := place(w, w.teams[0].spec.Base, w.teams[0].spec.Base, true)
	c.size, c.vulnerable, c.state = n, vulnerable, Apprehended
	w.setGone(c.id)
	si := w.baseSite(0)
	w.sites[si].held += n
	w.custody = append(w.custody, custodyRec{group: c.id, team: 0, since: w.tick, done: -1, persons: n, vulnerab: vulnerable, unit: -1, site: si})
}

// TestProcessingPerPerson checks processing by hand: team FIN processes
// 10 persons at once, 1800 ticks each, families of a vulnerable group
// together and first. Groups: vulnerable 4 (families 3 and 1), A 8 and B
// 2 single adults, in custody from tick 0. Round one starts at tick 1:
// the 4, then 6 of A (10 busy); B waits. Round two starts at 1801: A's
// last 2 and B's 2. Per person: 10 held 1801 ticks and 4 held 3601.
func TestProcessingPerPerson(t *testing.T) {
	w := quietWorld(t)
	inCustody(w, 4, true)
	inCustody(w, 8, false)
	inCustody(w, 2, false)
	w.Step(nil)
	var batches []int32
	for _, r := range w.custody {
		batches = append(batches, r.batch)
	}
	if want := []int32{4, 6, 0}; len(batches) != 3 || batches[0] != want[0] || batches[1] != want[1] || batches[2] != want[2] {
		t.Fatalf("first batches %v, want %v", batches, want)
	}
	for range 1800 {
		w.Step(nil)
	}
	if len(w.custody) != 2 || w.custody[0].batch != 2 || w.custody[1].batch != 2 {
		t.Fatalf("second round: %+v, want A's last 2 and B's 2 in processing", w.custody)
	}
	for range 1800 {
		w.Step(nil)
	}
	st := w.Stats()
	if st.CustodyPersons != 14 || st.CustodyGroups != 3 || len(w.custody) != 0 {
		t.Fatalf("processed %d persons in %d groups, %d left; want 14, 3, 0", st.CustodyPersons, st.CustodyGroups, len(w.custody))
	}
	const want = 10*1801 + 4*3601
	if st.CustodyPersonTicks != want {
		t.Errorf("person-ticks in custody %d, want %d", st.CustodyPersonTicks, want)
	}
	o := ObjectiveSpec{Kind: ObjMaxCustodyHours, Team: All, Target: 0.5}
	if v, met := w.objective(&o); v < want/14.0/3600-1e-9 || v > want/14.0/3600+1e-9 || met {
		t.Errorf("max_custody_hours %.4f h (met %v), want %.4f h, not met against 0.5 h", v, met, want/14.0/3600)
	}
}

// TestFamilyKeptTogether: a vulnerable group of 7 (families 3, 3, 1)
// with 5 places free starts one family of 3, never 5 persons.
func TestFamilyKeptTogether(t *testing.T) {
	w := quietWorld(t)
	inCustody(w, 5, false)
	w.Step(nil) // 5 of 10 busy
	inCustody(w, 7, true)
	w.Step(nil)
	if b := w.custody[1].batch; b != 3 {
		t.Fatalf("vulnerable group of 7 with 5 places: %d persons started, want one family of %d", b, FamilySize)
	}
}

// escortWorld is the fixture with FIN-F1 holding a group of 4 far from
// its base, and a second group beside it.
func escortWorld(t *testing.T) (*World, *unit, *crosser) {
	t.Helper()
	s := fixture(t)
	s.Flows, s.Injects = nil, nil
	s.Units = s.Units[:1]
	w, err := New(s, 3)
	if err != nil {
		t.Fatal(err)
	}
	u := &w.units[0]
	first := place(w, u.pos, u.pos, true)
	w.apprehend(u, first)
	second := place(w, u.pos, u.pos, true)
	return w, u, second
}

// TestEscortBlocksIntercept: the apprehending unit escorts its persons to
// its base, cannot intercept or apprehend anyone until it hands them
// over, shows them in its view, and afterwards apprehends again.
func TestEscortBlocksIntercept(t *testing.T) {
	w, u, second := escortWorld(t)
	if u.escort != 4 || u.order != OrderEscort || u.dropAt != w.teams[0].spec.Base {
		t.Fatalf("after apprehension: escort %d, order %v, drop %v; want 4 persons on the way to the base", u.escort, u.order, u.dropAt)
	}
	if v := w.View(0); v.Units[0].Custody != 4 {
		t.Fatalf("UnitView.Custody %d, want 4", v.Units[0].Custody)
	}
	w.detect(0, second.id, second.pos, SrcPatrol, 10)
	tr := w.trackOf(second.id, 0)
	ev := w.Step([]Command{{ID: 7, Team: 0, Kind: CmdIntercept, Unit: u.id, Track: tr}})
	if len(ev) == 0 || ev[0].Kind != EvRejected || ev[0].Text != ReasonEscorting {
		t.Fatalf("intercept while escorting: %+v, want rejected (%s)", ev, ReasonEscorting)
	}
	// The second group sits where the unit stood; the unit walks off
	// with its persons without taking it.
	handed := false
	for range 40000 {
		for _, e := range w.Step(nil) {
			if e.Kind == EvHandover && e.Unit == u.id {
				handed = true
			}
		}
		if second.state == Apprehended && !handed {
			t.Fatal("the escorting unit apprehended a second group")
		}
		if handed {
			break
		}
	}
	if !handed || u.escort != 0 || u.order != OrderHold {
		t.Fatalf("handed over %v, escort %d, order %v; want handed over, 0, hold", handed, u.escort, u.order)
	}
	if r := w.custody[0]; r.site != w.baseSite(0) || r.unit != -1 {
		t.Fatalf("custody record %+v: want held at the base site", r)
	}
	// Free again: sent back to the second group, it apprehends it.
	ev = w.Step([]Command{{ID: 8, Team: 0, Kind: CmdMove, Unit: u.id, Target: second.pos}})
	if ev[0].Kind != EvAccepted {
		t.Fatalf("move after handover: %+v", ev[0])
	}
	for range 40000 {
		w.Step(nil)
		if second.state == Apprehended {
			break
		}
	}
	if second.state != Apprehended || u.escort != second.size {
		t.Fatalf("second group %v, unit escorting %d; want apprehended by the freed unit", second.state, u.escort)
	}
}

// TestEscortPace: a foot patrol escorts at walking pace; a vehicle keeps
// its speed with no more persons than its capacity and walks with more.
func TestEscortPace(t *testing.T) {
	w, u, _ := escortWorld(t)
	walk := MigrantSpeed * w.ts
	if got := w.escortSpeed(u, u.speed); got != min(u.speed, walk) {
		t.Errorf("foot escort %.3f m/tick, want %.3f", got, min(u.speed, walk))
	}
	u.kind, u.capacity = Vehicle, 8
	if got := w.escortSpeed(u, 14); got != 14 {
		t.Errorf("vehicle with 4 of 8 seats: %.3f m/tick, want 14", got)
	}
	u.escort = 9
	if got := w.escortSpeed(u, 14); got != walk {
		t.Errorf("vehicle with 9 persons for 8 seats: %.3f m/tick, want walking %.3f", got, walk)
	}
}

// TestReception: a reception point near the unit takes the group while it
// has room, screens it and transfers its medical share; when full, the
// next group goes to the base.
func TestReception(t *testing.T) {
	s := fixture(t)
	s.Flows, s.Injects = nil, nil
	s.Units = s.Units[:1]
	at := orb.Point{s.Units[0].Pos[0] + 2000, s.Units[0].Pos[1]}
	s.Receptions = []ReceptionSpec{{Name: "R1", Team: 0, Pos: at, Capacity: 6, Screen: 600, Medical: 1}}
	w, err := New(s, 3)
	if err != nil {
		t.Fatal(err)
	}
	u := &w.units[0]
	w.apprehend(u, place(w, u.pos, u.pos, true))
	if u.drop != 0 || u.dropAt != at {
		t.Fatalf("drop %d at %v, want reception 0 at %v", u.drop, u.dropAt, at)
	}
	for range 10000 {
		w.Step(nil)
		if u.escort == 0 {
			break
		}
	}
	st := w.Stats()
	if st.MedicalTransfers != 4 || w.sites[0].held != 0 {
		t.Fatalf("medical share 1: %d transferred, %d held; want 4 and 0", st.MedicalTransfers, w.sites[0].held)
	}
	w.sites[0].held = 4 // room for 2 more
	u.pos = at
	w.apprehend(u, place(w, u.pos, u.pos, true))
	if u.drop != w.baseSite(0) {
		t.Fatalf("reception full: drop %d, want the base %d", u.drop, w.baseSite(0))
	}
}

// escorting returns the fixture's World, with no flows or injects but
// change made to its scenario, where team 0's first unit has just
// apprehended a still group of four (claimants when asylum) that came
// from team 1's country, and that unit.
func escorting(t *testing.T, asylum bool, change func(s *Scenario)) (*World, *unit) {
	t.Helper()
	s := fixture(t)
	s.Injects = nil
	s.Flows = s.Flows[:1]
	s.Flows[0].Start, s.Flows[0].End = 1e9, 1e9
	s.Flows[0].Asylum = map[bool]float64{true: 1, false: 0}[asylum]
	change(s)
	w, err := New(s, 3)
	if err != nil {
		t.Fatal(err)
	}
	u := &w.units[0]
	c := place(w, u.pos, u.pos, true)
	c.origin = int8(w.teams[1].country)
	w.apprehend(u, c)
	return w, u
}

// TestRefoulement: a claimant group handed back at a checkpoint is a
// refoulement every team hears of; a non-claimant group is readmitted.
func TestRefoulement(t *testing.T) {
	for _, asylum := range []bool{true, false} {
		t.Run(map[bool]string{true: "claimant", false: "no claim"}[asylum], func(t *testing.T) {
			w, u := escorting(t, asylum, func(s *Scenario) {
				s.Units = s.Units[:1]
				s.Checkpoints = []CheckpointSpec{{Name: "Nuijamaa", Team: 0, Pos: s.Units[0].Pos, Open: true, Lanes: 1}}
			})
			var got []Event
			for i := range 100 {
				var cmds []Command
				if i == 0 {
					cmds = []Command{{ID: 1, Team: 0, Kind: CmdReadmit, Unit: u.id}}
				}
				ev := w.Step(cmds)
				if i == 0 && ev[0].Kind != EvAccepted {
					t.Fatalf("readmit: %+v", ev[0])
				}
				for _, e := range ev {
					if e.Kind == EvRefoulement || e.Kind == EvReadmitted {
						got = append(got, e)
					}
				}
			}
			st := w.Stats()
			if asylum {
				if len(got) != 1 || got[0].Kind != EvRefoulement || got[0].Team != All || st.Refoulements != 1 || st.AsylumClaims != 4 {
					t.Fatalf("claimant returned: events %+v, refoulements %d, claims %d", got, st.Refoulements, st.AsylumClaims)
				}
				return
			}
			if len(got) != 1 || got[0].Kind != EvReadmitted || got[0].Team != 0 || st.Readmitted != 4 || st.Refoulements != 0 {
				t.Fatalf("readmission: events %+v, readmitted %d, refoulements %d", got, st.Readmitted, st.Refoulements)
			}
		})
	}
}

// TestAsylumRegistered: a claimant group's persons are registered when
// processed.
func TestAsylumRegistered(t *testing.T) {
	w := quietWorld(t)
	inCustody(w, 5, false)
	w.custody[0].asylum = true
	for range 1802 {
		w.Step(nil)
	}
	if st := w.Stats(); st.AsylumRegistered != 5 {
		t.Fatalf("registered %d claims, want 5", st.AsylumRegistered)
	}
}

// TestReadmissionRequest: FIN asks RUS (under fin-rus, 120-tick link) to
// take back the four persons its foot patrol escorts at Nuijamaa. RUS's
// rule, computer-controlled, accepts a group that claimed no asylum (FIN
// hears of the readmission, RUS that it took the persons), and declines
// a claimant, a request over the day's quota or outside the hours, after
// which the patrol goes on to its base; a trainee of RUS's may accept a
// claimant, a refoulement. The agreement's terms and the persons' origin
// are checked when the request is made.
func TestReadmissionRequest(t *testing.T) {
	cases := []struct {
		name    string
		asylum  bool
		auto    bool
		to      int
		terms   func(a *AgreementSpec)
		refused string // the request's refusal
		answer  string // the answer's text and reason
		want    EventKind
	}{
		{name: "rule accepts", auto: true, to: 1, answer: "grant", want: EvReadmitted},
		{name: "rule declines a claimant", asylum: true, auto: true, to: 1, answer: "decline " + AutoClaimant},
		{name: "quota", auto: true, to: 1, terms: func(a *AgreementSpec) { a.ReadmitPerDay = 3 }, answer: "decline " + AutoReadmitFull},
		{name: "hours", auto: true, to: 1, terms: func(a *AgreementSpec) { a.ReadmitFrom, a.ReadmitTo = 6*3600, 12*3600 },
			answer: "decline " + AutoReadmitHour},
		{name: "trainee accepts a claimant", asylum: true, to: 1, answer: "grant", want: EvRefoulement},
		{name: "no readmission", to: 1, terms: func(a *AgreementSpec) { a.NoReadmission = true }, refused: ReasonNoReadmit},
		{name: "not from there", to: 2, refused: ReasonNotFromThere},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, u := escorting(t, tc.asylum, func(s *Scenario) {
				s.Checkpoints[0].Pos = orb.Point{s.Units[0].Pos[0] + 300, s.Units[0].Pos[1]}
				if tc.terms != nil {
					tc.terms(&s.Agreements[0])
				}
			})
			if tc.auto {
				w.Step([]Command{{ID: 9, Team: Instructor, Kind: CmdAuto, ToTeam: 1, On: true}})
			}
			ev := w.Step([]Command{{ID: 1, Team: 0, Kind: CmdReadmission, Unit: u.id, ToTeam: tc.to, Index: -1}})
			if tc.refused != "" {
				if ev[0].Kind != EvRejected || ev[0].Text != tc.refused {
					t.Fatalf("the request: %+v, want refused with %q", ev[0], tc.refused)
				}
				return
			}
			if ev[0].Kind != EvAccepted {
				t.Fatalf("the request: %+v", ev[0])
			}
			var got []Event
			sent := false
			for range 400 {
				var cmds []Command
				if rs := w.Requests(); !tc.auto && rs[0].State == ReqPending && !sent {
					cmds, sent = []Command{{ID: 2, Team: 1, Kind: CmdAnswer, Index: int(rs[0].ID), Count: int(AnsGrant)}}, true
				}
				for _, e := range w.Step(cmds) {
					switch e.Kind {
					case EvAnswer, EvReadmitted, EvRefoulement, EvReadmissionIn, EvRequest:
						got = append(got, e)
					}
				}
			}
			rv := w.Requests()[0]
			if rv.Kind != ReqReadmission || rv.Persons != 4 || rv.Checkpoint != "Nuijamaa" || rv.Asylum != tc.asylum || rv.Unit != u.id {
				t.Errorf("the request as the white cell sees it: %+v", rv)
			}
			var answer string
			kinds := map[EventKind][]int{}
			for _, e := range got {
				kinds[e.Kind] = append(kinds[e.Kind], e.Team)
				if e.Kind == EvAnswer && e.Team == 0 {
					answer = strings.TrimSpace(e.Text + " " + e.Message)
				}
				if e.Kind == EvRequest && (e.Team != 1 || !strings.Contains(e.Message, "4 persons at Nuijamaa")) {
					t.Errorf("the request's event: %+v", e)
				}
			}
			if answer != tc.answer {
				t.Errorf("answered %q, want %q (events %+v)", answer, tc.answer, got)
			}
			if tc.want == 0 {
				if len(kinds[EvReadmitted])+len(kinds[EvRefoulement])+len(kinds[EvReadmissionIn]) > 0 || u.order != OrderEscort || u.drop < 0 {
					t.Errorf("declined: events %+v, the patrol's order %v to site %d; want it on its way to a site", got, u.order, u.drop)
				}
				return
			}
			if len(kinds[tc.want]) != 1 || !slices.Equal(kinds[EvReadmissionIn], []int{1}) || u.escort != 0 {
				t.Errorf("accepted: events %+v, the patrol escorts %d", got, u.escort)
			}
		})
	}
}
