package server_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/aar"
	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/i18n"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/paulmach/orb"
)

// surgeSize is the persons per group of the test's surge: more than any
// flow of the scenario starts, so the surge's groups are known by size.
const surgeSize = 150

// traineeLog is what a trainee saw that it must not: ground truth's
// groups, the white cell's ad-hoc rows and their events.
type traineeLog struct {
	frames int
	leaks  []string
	err    error
}

// watchTrainee reads c until stop is closed, noting any leak.
func watchTrainee(c *conn, stop <-chan struct{}, log *traineeLog) {
	log.err = readUntil(c, stop, func(m wire.Message) {
		switch m := m.(type) {
		case *wire.Events:
			for _, e := range m.Events {
				if sim.IsAdHoc(e.Text) {
					log.leaks = append(log.leaks, fmt.Sprintf("event %s %s", e.Kind, e.Text))
				}
			}
		case *wire.Keyframe, *wire.Delta:
			log.frames++
			v := c.mirror.View()
			if len(v.Crossers) > 0 {
				log.leaks = append(log.leaks, fmt.Sprintf("tick %d: %d ground-truth groups", v.Tick, len(v.Crossers)))
			}
			for _, in := range v.Injects {
				if sim.IsAdHoc(in.ID) {
					log.leaks = append(log.leaks, fmt.Sprintf("tick %d: MSEL row %s", v.Tick, in.ID))
				}
			}
		}
	})
}

// TestAdHocSurgeAtTheWire is issue 13's done-when for ad-hoc injects: the
// white cell sends a surge of 5 groups at a lon/lat over a real websocket;
// only ground truth shows them (a trainee's frames never carry a group, and
// the surge's row and events are the white cell's); every control kind from
// a trainee or an observer is refused; the recording verifies; the review
// lists the surge as an ad-hoc row at its time.
func TestAdHocSurgeAtTheWire(t *testing.T) {
	sc, err := scenarios.Builtin(scenario)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ts := newServer(t, server.Config{DataDir: dir, CheckpointEvery: 100})
	id, codes, _ := ts.create(t, jsonBody(map[string]any{"scenario": scenario, "speed": 200, "seed": 5}))
	trainees := []*conn{join(t, ts, codes["MIG"], ""), join(t, ts, codes["PONAL"], ""), join(t, ts, codes["GNB"], "")}
	observer := join(t, ts, codes["observer"], "")
	ins := join(t, ts, token, id)

	// Every control kind from a trainee or an observer is refused at the wire.
	for k := sim.CmdPause; k <= sim.CmdAuto; k++ {
		for _, c := range []*conn{trainees[1], observer} {
			cid := uint32(1000 + int(k))
			c.send(&wire.Command{ID: cid, Kind: k, ToTeam: 0, Count: 5, Size: surgeSize, Text: "x", Target: ins.welcome.Teams[0].Base})
			a := c.ack(cid)
			want := sim.ReasonNotInstructor
			if c == observer {
				want = "observers do not command"
			}
			if a.Accepted || a.Reason != want {
				t.Errorf("%s from %s: ack %+v, want refused with %q", k, c.welcome.Role, a, want)
			}
		}
	}

	stop := make(chan struct{})
	logs := make([]traineeLog, len(trainees))
	var wg sync.WaitGroup
	for i, c := range trainees {
		wg.Add(1)
		go func() { defer wg.Done(); watchTrainee(c, stop, &logs[i]) }()
	}

	// Ureña, Venezuela, across the Táchira from Cúcuta.
	at := sc.Map.Proj.Forward(orb.Point{-72.43, 7.93})
	ins.send(&wire.Command{ID: 1, Kind: sim.CmdSurge, Target: at, Count: 5, Size: surgeSize, Vulnerable: 40})
	if a := ins.ack(1); !a.Accepted {
		t.Fatalf("surge refused: %s", a.Reason)
	}
	fired := int32(-1)
	var seen int
	deadline := time.Now().Add(30 * time.Second)
	for (fired < 0 || seen < 5) && time.Now().Before(deadline) {
		switch m := ins.read().(type) {
		case *wire.Events:
			for _, e := range m.Events {
				if e.Kind == sim.EvInject && e.Text == "adhoc-1" {
					fired = e.Tick
				}
			}
		case *wire.Keyframe, *wire.Delta:
			seen = 0
			for _, c := range ins.mirror.View().Crossers {
				if c.Size == surgeSize {
					seen++
				}
			}
		}
	}
	if fired < 0 || seen != 5 {
		t.Fatalf("ground truth: surge fired at %d, %d groups of %d shown; want 5", fired, seen, surgeSize)
	}
	// Let the exercise run on with the groups moving (a bound, not an assertion).
	for ins.mirror.View().Tick < fired+1200 && time.Now().Before(deadline) {
		ins.read()
	}
	close(stop)
	wg.Wait()
	for i, log := range logs {
		if log.frames < 10 {
			t.Fatalf("trainee %d: only %d frames (%v)", i, log.frames, log.err)
		}
		if len(log.leaks) > 0 {
			t.Errorf("trainee %d saw what only the white cell may: %v", i, log.leaks[:min(5, len(log.leaks))])
		}
	}
	for _, c := range trainees {
		if len(c.welcome.MSEL) != 0 {
			t.Errorf("trainee %d's Welcome carries the MSEL", c.welcome.Team)
		}
	}

	rec := verified(t, ts, dir, id)
	var surges int
	for _, b := range rec.Batches {
		for _, c := range b.Cmds {
			if c.Kind == sim.CmdSurge {
				surges++
				if c.Team != sim.Instructor || c.Count != 5 || c.Size != surgeSize || c.Vulnerable != 40 || (b.Tick != fired && b.Tick+1 != fired) {
					t.Errorf("recorded surge %+v at tick %d, fired at %d", c, b.Tick, fired)
				}
			}
		}
	}
	if surges != 1 {
		t.Errorf("%d surges recorded, want the white cell's one", surges)
	}
	r, err := aar.Build(rec, aar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(r.Injects, func(in aar.Inject) bool { return in.ID == "adhoc-1" })
	if i < 0 {
		t.Fatal("the review has no row for the surge")
	}
	if in := r.Injects[i]; !in.AdHoc || !in.Fired || in.FiredTick != fired || in.FiredAt == "" || in.Addressee != "white cell" {
		t.Errorf("the review's surge row: %+v, want ad hoc, fired at tick %d with its clock time", in, fired)
	}
	t.Logf("surge fired at tick %d (%s); trainees read %d, %d, %d frames", fired, r.Injects[i].FiredAt, logs[0].frames, logs[1].frames, logs[2].frames)
}

// TestTakeOverAtTheWire: the white cell may command a team's unit only
// while no trainee of the team is connected and the team is off computer
// control; auto on and off are recorded, and the recording replays to the
// same hash twice.
func TestTakeOverAtTheWire(t *testing.T) {
	dir := t.TempDir()
	ts := newServer(t, server.Config{DataDir: dir, CheckpointEvery: 100})
	id, codes, _ := ts.create(t, jsonBody(map[string]any{"scenario": scenario, "speed": 100, "seed": 2}))
	ins := join(t, ts, token, id)
	ponal := join(t, ts, codes["PONAL"], "")
	team := ponal.welcome.Team
	unit := int32(-1)
	for _, u := range ins.mirror.View().Units {
		if u.Team == team && u.Kind != sim.Drone {
			unit = u.ID
			break
		}
	}
	if unit < 0 {
		t.Fatal("PONAL has no ground unit")
	}
	next := uint32(0)
	send := func(c wire.Command) *wire.Ack {
		next++
		c.ID = next
		ins.send(&c)
		return ins.ack(next)
	}
	hold := wire.Command{Kind: sim.CmdHold, Unit: unit}
	if a := send(hold); a.Accepted || a.Reason != server.ReasonTeamManned {
		t.Errorf("hold while PONAL's trainee is connected: %+v", a)
	}
	ponal.c.Close()
	eventually(t, "the server takes PONAL's trainee's leaving", func() bool { return send(hold).Accepted })
	if a := send(wire.Command{Kind: sim.CmdAuto, ToTeam: team, On: true}); !a.Accepted {
		t.Fatalf("auto on: %+v", a)
	}
	if a := send(hold); a.Accepted || a.Reason != server.ReasonTeamAuto {
		t.Errorf("hold while PONAL is computer-controlled: %+v", a)
	}
	if a := send(wire.Command{Kind: sim.CmdAuto, ToTeam: team, On: false}); !a.Accepted {
		t.Fatalf("auto off: %+v", a)
	}
	if a := send(hold); !a.Accepted {
		t.Errorf("hold with PONAL unmanned and off auto: %+v", a)
	}
	ts.StopExercise(id)
	rec, err := recording.Open(filepath.Join(dir, id+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	autos := 0
	for _, b := range rec.Batches {
		for _, c := range b.Cmds {
			if c.Kind == sim.CmdAuto && c.Team == sim.Instructor && c.ToTeam == team {
				autos++
			}
		}
	}
	if autos != 2 {
		t.Errorf("%d auto commands recorded, want 2", autos)
	}
	w1, err := recording.Verify(rec)
	if err != nil {
		t.Fatal(err)
	}
	w2, err := recording.Verify(rec)
	if err != nil {
		t.Fatal(err)
	}
	if w1.Hash() != w2.Hash() || w1.Tick() != w2.Tick() {
		t.Errorf("two replays end at %d/%x and %d/%x", w1.Tick(), w1.Hash(), w2.Tick(), w2.Hash())
	}
}

// chatExercise starts a recorded exercise of the test scenario for the chat
// tests: the server, the scenario, its first agreement, the exercise's id
// and join codes, and stop, which ends the exercise and reads its recording.
func chatExercise(t *testing.T) (ts *testServer, sc *sim.Scenario, ag sim.AgreementSpec, id string, codes map[string]string, stop func() *recording.Recording) {
	sc, err := scenarios.Builtin(scenario)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ts = newServer(t, server.Config{DataDir: dir, CheckpointEvery: 100})
	id, codes, _ = ts.create(t, jsonBody(map[string]any{"scenario": scenario, "speed": 50, "seed": 2}))
	return ts, sc, sc.Agreements[0], id, codes, func() *recording.Recording {
		ts.StopExercise(id)
		rec, err := recording.Open(filepath.Join(dir, id+".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}
}

// TestChatRecorded: a live exercise keeps its chat in the recording, the
// liaison lines lost to a comms cut marked lost.
func TestChatRecorded(t *testing.T) {
	ts, sc, ag, id, codes, stop := chatExercise(t)
	ins := join(t, ts, token, id)
	a := join(t, ts, codes[sc.Teams[ag.A].ID], "")
	b := join(t, ts, codes[sc.Teams[ag.B].ID], "")
	a.send(&wire.Chat{Channel: wire.ChanTeam, Text: "team line"})
	a.send(&wire.Chat{Channel: wire.ChanLiaison, Agreement: ag.ID, Text: "liaison line"})
	b.next(func(m wire.Message) bool { c, ok := m.(*wire.Chat); return ok && c.Text == "liaison line" })
	ins.send(&wire.Command{ID: 1, Kind: sim.CmdCommsCut, Index: 0})
	if k := ins.ack(1); !k.Accepted {
		t.Fatalf("comms cut: %+v", k)
	}
	a.send(&wire.Chat{Channel: wire.ChanLiaison, Agreement: ag.ID, Text: "into the cut"})
	a.next(func(m wire.Message) bool {
		c, ok := m.(*wire.Chat)
		return ok && strings.HasPrefix(c.Text, "not delivered")
	})
	rec := stop()
	var got []string
	for _, c := range rec.Chats {
		got = append(got, fmt.Sprintf("%s/%d/%s/%s", c.Channel, c.Team, c.Text, c.Lost))
	}
	want := []string{
		fmt.Sprintf("team/%d/team line/", ag.A),
		fmt.Sprintf("liaison/%d/liaison line/", ag.A),
		fmt.Sprintf("liaison/%d/into the cut/comms cut", ag.A),
	}
	if !slices.Equal(got, want) {
		t.Errorf("recorded chat %q, want %q", got, want)
	}
	if _, err := recording.Verify(rec); err != nil {
		t.Fatal(err)
	}
}

// TestAgreementChangeAtTheWire: the white cell turns the colombia
// agreement's sharing (MIG–PONAL) off over a real websocket, then on again
// two simulated hours later.
// MIG's tracks reach PONAL's picture before the change, none new after it
// (once the shares on their way are in), and again once it is back on; a
// trainee's or an evaluator's change is refused and recorded nowhere; the
// recording verifies; the review lists both changes as ad-hoc rows with
// their clock times.
func TestAgreementChangeAtTheWire(t *testing.T) {
	sc, err := scenarios.Builtin(scenario)
	if err != nil {
		t.Fatal(err)
	}
	ai := slices.IndexFunc(sc.Agreements, func(a sim.AgreementSpec) bool { return a.ID == "colombia" })
	if ai < 0 || sc.Agreements[ai].Share != sim.ShareAll {
		t.Fatalf("%s has no colombia agreement sharing all tracks", scenario)
	}
	mig := sc.Agreements[ai].A
	delay := sc.Agreements[ai].Delay
	dir := t.TempDir()
	ts := newServer(t, server.Config{DataDir: dir, CheckpointEvery: 100})
	x := createWithControl(t, ts, jsonBody(map[string]any{"scenario": scenario, "speed": 1000, "seed": 3}))
	ins := join(t, ts, x.Control, "")
	migConn := join(t, ts, x.Codes["MIG"], "")
	ev := join(t, ts, mustIssue(t, ts, x.ID, x.Control, server.CodeRequest{Role: "evaluator"}), "")
	for _, c := range []struct {
		who  *conn
		want string
	}{{migConn, sim.ReasonNotInstructor}, {ev, server.ReasonEvaluator}} {
		c.who.send(&wire.Command{ID: 7, Kind: sim.CmdAgreement, Index: ai, Text: "share=none"})
		if a := c.who.ack(7); a.Accepted || a.Reason != c.want {
			t.Errorf("agreement change from the %s: %+v, want refused with %q", c.who.welcome.Role, a, c.want)
		}
	}
	pon := join(t, ts, x.Codes["PONAL"], "")

	// PONAL's reader notes the tick each of MIG's tracks first reached it.
	var mu sync.Mutex
	first := map[int32]int32{}
	var seen int32 // PONAL's latest tick
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- readUntil(pon, stop, func(m wire.Message) {
			switch m.(type) {
			case *wire.Keyframe, *wire.Delta:
				v := pon.mirror.View()
				mu.Lock()
				seen = v.Tick
				for _, tr := range v.Tracks {
					if _, ok := first[tr.ID]; !ok && tr.From == mig {
						first[tr.ID] = v.Tick
					}
				}
				mu.Unlock()
			}
		})
	}()
	arrived := func(from, to int32) int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, at := range first {
			if at > from && at <= to {
				n++
			}
		}
		return n
	}
	deadline := time.Now().Add(120 * time.Second)
	change := func(id uint32, terms string, after func() bool) int32 {
		t.Helper()
		for !after() && time.Now().Before(deadline) {
			ins.read()
		}
		ins.send(&wire.Command{ID: id, Kind: sim.CmdAgreement, Index: ai, Text: terms})
		if a := ins.ack(id); !a.Accepted {
			t.Fatalf("%s: %+v", terms, a)
		}
		at := int32(-1)
		ins.next(func(m wire.Message) bool {
			if evs, ok := m.(*wire.Events); ok {
				for _, e := range evs.Events {
					if e.Kind == sim.EvInject && sim.IsAdHoc(e.Text) {
						at = e.Tick
					}
				}
			}
			return at >= 0
		})
		return at
	}
	// Off once MIG's tracks have reached PONAL; on again 2 h later.
	off := change(1, "share=none", func() bool { return arrived(0, 1<<30) >= 2 })
	// The shares on their way arrive within the delay; a frame may show
	// one up to a broadcast later (10 simulated minutes is ample).
	settled := off + delay + 600
	const quiet = 2 * 3600
	on := change(2, "share=all", func() bool { return ins.mirror.View().Tick >= settled+quiet })
	for ins.mirror.View().Tick < on+quiet && time.Now().Before(deadline) {
		ins.read()
	}
	eventually(t, "PONAL's reader catches up", func() bool { mu.Lock(); defer mu.Unlock(); return seen >= on+quiet })
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	before, during, after := arrived(0, off), arrived(settled, on), arrived(on, on+quiet)
	t.Logf("MIG's tracks new in PONAL's picture: %d before the change at %d, %d while off (from %d), %d in the 2 h after on at %d",
		before, off, during, settled, after, on)
	if before < 2 || after < 1 {
		t.Fatalf("too few shares to show anything: %d before, %d after", before, after)
	}
	if during != 0 {
		t.Errorf("%d of MIG's tracks reached PONAL while sharing was off", during)
	}

	rec := verified(t, ts, dir, x.ID)
	r, err := aar.Build(rec, aar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, in := range r.Injects {
		if in.AdHoc {
			rows = append(rows, fmt.Sprintf("%s %d %s %s", in.ID, in.FiredTick, in.FiredAt, in.Synopsis))
		}
	}
	want := []string{"adhoc-1 %d %s Agreement colombia: share=none", "adhoc-2 %d %s Agreement colombia: share=all"}
	if len(rows) != 2 {
		t.Fatalf("the review's ad-hoc rows: %q", rows)
	}
	for i, at := range []int32{off, on} {
		if w := fmt.Sprintf(want[i], at, clockOf(sc, at)); rows[i] != w {
			t.Errorf("the review's row %q, want %q", rows[i], w)
		}
	}
}

// clockOf is the clock time of tick in sc as the review writes it:
// hh:mm, with (D+n) past the first day.
func clockOf(sc *sim.Scenario, tick int32) string {
	s := sc.StartSecond + int(tick)*max(sc.TickSeconds, 1)
	out := fmt.Sprintf("%02d:%02d", s%86400/3600, s%3600/60)
	if s >= 86400 {
		out += fmt.Sprintf(" (D+%d)", s/86400)
	}
	return out
}

// TestLiaisonPhrases: a standard liaison phrase goes over the wire as its
// id and parameters. Two trainees of the two sides of an agreement, one
// reading Finnish and one Russian, each see it in their own language (the
// words client.ChatText gives the HUD), free chat as written; the
// recording keeps the phrase, which reads back the same in each language;
// a phrase the server does not know, or with a bad parameter, closes the
// sender's connection with the reason.
func TestLiaisonPhrases(t *testing.T) {
	ts, sc, ag, _, codes, stop := chatExercise(t)
	fi := join(t, ts, codes[sc.Teams[ag.A].ID], "")
	ru := join(t, ts, codes[sc.Teams[ag.B].ID], "")
	langs := map[*conn]*i18n.Lang{fi: i18n.Get("fi"), ru: i18n.Get("ru")}
	want := map[*conn]string{fi: "12 hengen ryhmä paikassa Cúcuta, suunta koilliseen", ru: "группа из 12 чел. у Cúcuta, направление — северо-восток"}

	args := []wire.PhraseArg{{Value: "12"}, {Value: "Cúcuta"}, {Value: "NE"}}
	fi.send(&wire.Chat{Channel: wire.ChanLiaison, Agreement: ag.ID, Phrase: "group_at", Args: args})
	fi.send(&wire.Chat{Channel: wire.ChanLiaison, Agreement: ag.ID, Text: "hyvää iltaa"})
	for c, l := range langs {
		m := c.next(func(m wire.Message) bool { ch, ok := m.(*wire.Chat); return ok && ch.Phrase != "" }).(*wire.Chat)
		if m.Phrase != "group_at" || !slices.Equal(m.Args, args) || m.Text != "group of 12 at Cúcuta heading north-east" {
			t.Errorf("%s: the phrase arrived as %+v", l.Code(), m)
		}
		if got := client.ChatText(l, *m); got != want[c] {
			t.Errorf("%s reads %q, want %q", l.Code(), got, want[c])
		}
		free := c.next(func(m wire.Message) bool {
			ch, ok := m.(*wire.Chat)
			return ok && ch.Phrase == "" && ch.From != "server"
		}).(*wire.Chat)
		if got := client.ChatText(l, *free); got != "hyvää iltaa" {
			t.Errorf("%s reads the free line as %q", l.Code(), got)
		}
	}
	ru.send(&wire.Chat{Channel: wire.ChanLiaison, Agreement: ag.ID, Phrase: "handover_accepted"})
	m := fi.next(func(m wire.Message) bool { ch, ok := m.(*wire.Chat); return ok && ch.Phrase == "handover_accepted" }).(*wire.Chat)
	if got := client.ChatText(langs[fi], *m); got != "luovutus hyväksytty" {
		t.Errorf("fi reads the hand-over as %q", got)
	}

	for _, tc := range []struct {
		name   string
		m      *wire.Chat
		reason string
	}{
		{"unknown", &wire.Chat{Channel: wire.ChanLiaison, Agreement: ag.ID, Phrase: "surrender"}, `wire: unknown phrase "surrender"`},
		{"count", &wire.Chat{Channel: wire.ChanLiaison, Agreement: ag.ID, Phrase: "request_pursuit"}, "wire: phrase request_pursuit takes 1 parameters, not 0"},
		{"direction", &wire.Chat{Channel: wire.ChanLiaison, Agreement: ag.ID, Phrase: "group_at",
			Args: []wire.PhraseArg{{Value: "3"}, {Value: "Ureña"}, {Value: "up"}}}, `wire: phrase group_at, parameter 3: "up" is not one of N, NE, E, SE, S, SW, W, NW`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := join(t, ts, codes[sc.Teams[ag.A].ID], "")
			c.send(tc.m)
			e, ce := c.closed()
			if e == nil || e.Reason != tc.reason || ce == nil || ce.Code != 1008 {
				t.Errorf("closed with %+v, %v; want 1008 %q", e, ce, tc.reason)
			}
		})
	}

	rec := stop()
	var got []string
	for _, c := range rec.Chats {
		if c.Phrase != "" {
			got = append(got, c.Phrase+" "+strings.Join(c.Args, "|")+" "+c.Text)
			w := wire.Chat{Phrase: c.Phrase}
			for _, a := range c.Args {
				w.Args = append(w.Args, wire.PhraseArg{Value: a})
			}
			if c.Phrase == "group_at" && client.ChatText(langs[ru], w) != want[ru] {
				t.Errorf("the recorded phrase reads %q in Russian", client.ChatText(langs[ru], w))
			}
		}
	}
	wantRec := []string{"group_at 12|Cúcuta|NE group of 12 at Cúcuta heading north-east", "handover_accepted  hand-over accepted"}
	if !slices.Equal(got, wantRec) {
		t.Errorf("recorded phrases %q, want %q", got, wantRec)
	}
}

// TestPhrasesInEveryCatalog: every standard liaison phrase and direction
// has its words in every shipped language, taking exactly its parameters.
func TestPhrasesInEveryCatalog(t *testing.T) {
	for _, info := range i18n.Languages() {
		l := i18n.Get(info.Code)
		for _, p := range wire.Phrases {
			args := make([]string, len(p.Params))
			for i := range args {
				args[i] = fmt.Sprintf("<%d>", i)
			}
			got := l.Phrase(p.ID, args)
			if got == "" || strings.Contains(got, "%!") {
				t.Errorf("%s: phrase %s reads %q", info.Code, p.ID, got)
			}
			for _, a := range args {
				if strings.Count(got, a) != 1 {
					t.Errorf("%s: phrase %s shows parameter %s %d times: %q", info.Code, p.ID, a, strings.Count(got, a), got)
				}
			}
		}
		for _, d := range wire.Directions {
			if !l.Has("phrase.dir." + d) {
				t.Errorf("%s: no words for direction %s", info.Code, d)
			}
		}
	}
}
