package server_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/aar"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/gorilla/websocket"
	"github.com/paulmach/orb"
)

// party is a test client read by its own goroutine, so that every client
// of an exercise keeps up with the frames while the test drives another:
// it keeps the latest view's tracks, units and requests, every event and
// every answer, and runs check on each message (under its lock) to note
// what the client must not see.
type party struct {
	c      *conn
	team   int
	mu     sync.Mutex
	tick   int32
	tracks []sim.TrackView
	units  []sim.UnitView
	sens   []sim.SensorView
	reqs   []sim.RequestView
	comms  []sim.CommsView
	chats  []heard
	events []sim.Event
	acks   map[uint32]*wire.Ack
	leaks  []string
	check  func(p *party, m wire.Message)
	next   uint32
	made   int32 // the last request of p's that sent returned
	done   chan struct{}
	err    error
}

// heard is a chat line a party received, with its latest frame's tick
// then.
type heard struct {
	line wire.Chat
	at   int32
}

// start reads c until stop is closed.
func start(c *conn, stop <-chan struct{}, check func(p *party, m wire.Message)) *party {
	p := &party{c: c, team: c.welcome.Team, acks: map[uint32]*wire.Ack{}, check: check, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		p.err = readUntil(c, stop, func(m wire.Message) {
			p.mu.Lock()
			defer p.mu.Unlock()
			switch m := m.(type) {
			case *wire.Keyframe, *wire.Delta:
				v := c.mirror.View()
				p.tick = v.Tick
				p.tracks = append(p.tracks[:0], v.Tracks...)
				p.units = append(p.units[:0], v.Units...)
				p.sens = append(p.sens[:0], v.Sensors...)
				p.reqs = append(p.reqs[:0], v.Requests...)
				p.comms = append(p.comms[:0], v.Comms...)
			case *wire.Chat:
				p.chats = append(p.chats, heard{*m, p.tick})
			case *wire.Events:
				p.events = append(p.events, m.Events...)
			case *wire.Ack:
				p.acks[m.ID] = m
			}
			if p.check != nil {
				p.check(p, m)
			}
		})
	}()
	return p
}

// leak notes something p saw that it must not (called under p's lock).
func (p *party) leak(format string, args ...any) {
	if len(p.leaks) < 20 {
		p.leaks = append(p.leaks, fmt.Sprintf("tick %d: ", p.tick)+fmt.Sprintf(format, args...))
	}
}

// await waits until cond holds for p (called under p's lock).
func (p *party) await(t *testing.T, what string, cond func(p *party) bool) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		p.mu.Lock()
		ok, tick := cond(p), p.tick
		p.mu.Unlock()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("team %d: timed out at tick %d waiting for %s (%v)", p.team, tick, what, p.err)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// do sends c as p's command and returns its answer.
func (p *party) do(t *testing.T, c wire.Command) *wire.Ack {
	t.Helper()
	p.mu.Lock()
	p.next++
	c.ID = p.next
	p.mu.Unlock()
	p.c.send(&c)
	var a *wire.Ack
	p.await(t, fmt.Sprintf("the answer to %s", c.Kind), func(p *party) bool { a = p.acks[c.ID]; return a != nil })
	return a
}

// must sends c and fails unless it is accepted.
func (p *party) must(t *testing.T, c wire.Command) {
	t.Helper()
	if a := p.do(t, c); !a.Accepted {
		t.Fatalf("team %d: %s refused: %s", p.team, c.Kind, a.Reason)
	}
}

// refused sends c and fails unless it is refused with reason.
func (p *party) refused(t *testing.T, c wire.Command, reason string) {
	t.Helper()
	if a := p.do(t, c); a.Accepted || a.Reason != reason {
		t.Errorf("team %d: %s: ack %+v, want refused with %q", p.team, c.Kind, a, reason)
	}
}

// event returns the first event of kind for request id (or any, id 0)
// that p received, and whether there is one (called under p's lock).
func (p *party) event(kind sim.EventKind, id int32) (sim.Event, bool) {
	for _, e := range p.events {
		if e.Kind == kind && (id == 0 || e.Group == id) {
			return e, true
		}
	}
	return sim.Event{}, false
}

// request returns the request id in p's view (called under p's lock).
func (p *party) request(id int32) (sim.RequestView, bool) {
	for _, r := range p.reqs {
		if r.ID == id {
			return r, true
		}
	}
	return sim.RequestView{}, false
}

// track returns track id of p's picture (called under p's lock).
func (p *party) track(id int32) (sim.TrackView, bool) {
	for _, tr := range p.tracks {
		if tr.ID == id {
			return tr, true
		}
	}
	return sim.TrackView{}, false
}

// unitOf returns p's last unit of kind (the zero UnitView for none).
func (p *party) unitOf(kind sim.UnitKind) sim.UnitView {
	p.mu.Lock()
	defer p.mu.Unlock()
	var u sim.UnitView
	for _, x := range p.units {
		if x.Kind == kind {
			u = x
		}
	}
	return u
}

// sent waits for the request p made last to show in its view and returns
// its id.
func (p *party) sent(t *testing.T) int32 {
	t.Helper()
	var id int32
	p.await(t, "its request in its view", func(p *party) bool {
		for _, r := range p.reqs {
			if r.From == p.team && r.ID > p.made {
				id = r.ID
			}
		}
		return id > 0
	})
	p.mu.Lock()
	p.made = id
	p.mu.Unlock()
	return id
}

// fresh returns one of p's own live tracks.
func (p *party) fresh(t *testing.T) int32 {
	t.Helper()
	return p.ownTracks(t, 1)[0]
}

// ownTracks waits for n live tracks of p's own (not shared, not in
// custody, updated in the last minute) and returns their ids.
func (p *party) ownTracks(t *testing.T, n int) []int32 {
	t.Helper()
	var ids []int32
	p.await(t, fmt.Sprintf("%d tracks of its own", n), func(p *party) bool {
		ids = ids[:0]
		for _, tr := range p.tracks {
			if tr.From < 0 && tr.Source != sim.SrcShared && !tr.Custody && tr.Age < 60 {
				ids = append(ids, tr.ID)
			}
		}
		return len(ids) >= n
	})
	return ids[:n]
}

// coopEvent reports whether an event is cooperation between partners.
func coopEvent(k sim.EventKind) bool {
	return k == sim.EvReport || k == sim.EvRequest || k == sim.EvAnswer || k == sim.EvExpired || k == sim.EvReadmissionIn
}

// outsider is the check of a team party to nothing that happens: it never
// sees a request, a cooperation event, another team's classification or
// a joint commission's line (but the server's answers to its own).
func outsider(p *party, m wire.Message) {
	switch m := m.(type) {
	case *wire.Chat:
		if m.Channel == wire.ChanCommission && m.From != "server" {
			p.leak("commission line %q from %s", m.Text, m.From)
		}
	case *wire.Events:
		for _, e := range m.Events {
			if coopEvent(e.Kind) {
				p.leak("event %s of request %d", e.Kind, e.Group)
			}
		}
	case *wire.Keyframe, *wire.Delta:
		if len(p.reqs) > 0 {
			p.leak("%d requests, first %+v", len(p.reqs), p.reqs[0])
		}
		for _, tr := range p.tracks {
			if tr.ClassBy >= 0 && tr.ClassBy != p.team {
				p.leak("track %d classified %s by team %d", tr.ID, tr.Class, tr.ClassBy)
			}
		}
	}
}

// verified stops the exercise and returns its recording, verified
// (replay --verify).
func verified(t *testing.T, ts *testServer, dir, id string) *recording.Recording {
	t.Helper()
	ts.StopExercise(id)
	rec := recordingOf(t, dir, id)
	verify(t, rec)
	return rec
}

// replayedEvents stops the exercise, verifies its recording and returns every
// event of its replay.
func replayedEvents(t *testing.T, ts *testServer, dir, id string) []sim.Event {
	t.Helper()
	rec := verified(t, ts, dir, id)
	var evs []sim.Event
	if _, err := recording.Replay(rec, recording.Options{NoVerify: true, OnStep: func(_ *sim.World, e []sim.Event) {
		evs = append(evs, e...)
	}}); err != nil {
		t.Fatal(err)
	}
	return evs
}

// replayed counts the replay's events of kind addressed to team with
// text (any text for "").
func replayed(evs []sim.Event, kind sim.EventKind, team int, text string) int {
	n := 0
	for _, e := range evs {
		if e.Kind == kind && e.Team == team && (text == "" || e.Text == text) {
			n++
		}
	}
	return n
}

// replayCount is how many events of a kind, addressed to a team, with a
// text (any for ""), a replay must have.
type replayCount struct {
	kind sim.EventKind
	team int
	text string
	n    int
}

// checkReplayed checks the replay's events against each count.
func checkReplayed(t *testing.T, evs []sim.Event, want []replayCount) {
	t.Helper()
	for _, w := range want {
		if got := replayed(evs, w.kind, w.team, w.text); got != w.n {
			t.Errorf("the replay has %d %s events %q for team %d, want %d", got, w.kind, w.text, w.team, w.n)
		}
	}
}

// TestClassifyAndReportAtTheWire is issue 12's leak test for
// classifications and reports: over three simulated hours of a real
// exercise, PONAL classifies two of its tracks and reports one to GNB
// (its partner under "trochas"); GNB's picture shows PONAL's
// classification on the reported track only, once the report has crossed
// the link, and never the other's; MIG, PONAL's partner under an
// agreement that shares every track automatically, never sees either
// classification, the report or its event. The recording verifies and
// its replay has the report's event.
func TestClassifyAndReportAtTheWire(t *testing.T) {
	if testing.Short() {
		t.Skip("runs three simulated hours")
	}
	dir := t.TempDir()
	ts := newServer(t, server.Config{DataDir: dir, CheckpointEvery: 500})
	id, codes, _ := ts.create(t, jsonBody(map[string]any{"scenario": scenario, "speed": 1000, "seed": 3}))
	stop := make(chan struct{})
	// Before the report is made, no track of GNB's may carry PONAL's
	// classification; after, only from the tick it can have crossed the
	// link, and only the reported class.
	var mu sync.Mutex
	earliest := int32(math.MaxInt32)
	// shown holds GNB's tracks that any frame showed with PONAL's
	// classification: a copy may be gone by the time the test looks, when
	// a busy machine's frames each span many ticks.
	shown := map[int32]bool{}
	ponal := start(join(t, ts, codes["PONAL"], ""), stop, nil)
	gnb := start(join(t, ts, codes["GNB"], ""), stop, func(p *party, m wire.Message) {
		mu.Lock()
		defer mu.Unlock()
		for _, tr := range p.tracks {
			switch {
			case tr.Class == sim.ClassVulnerable:
				p.leak("track %d shows PONAL's unreported class", tr.ID)
			case tr.ClassBy == teamPONAL && (tr.Class != sim.ClassSmugglers || p.tick < earliest):
				p.leak("track %d classified %s by PONAL", tr.ID, tr.Class)
			case tr.ClassBy == teamPONAL:
				shown[tr.ID] = true
			}
		}
	})
	mig := start(join(t, ts, codes["MIG"], ""), stop, outsider)
	ins := start(join(t, ts, token, id), stop, nil)

	tracks := ponal.ownTracks(t, 2)
	reported, hidden := tracks[0], tracks[1]
	ponal.must(t, wire.Command{Kind: sim.CmdClassify, Track: reported, Index: int(sim.ClassSmugglers)})
	ponal.must(t, wire.Command{Kind: sim.CmdClassify, Track: hidden, Index: int(sim.ClassVulnerable)})
	ponal.refused(t, wire.Command{Kind: sim.CmdClassify, Track: reported, Index: 9}, sim.ReasonBadClass)
	ponal.refused(t, wire.Command{Kind: sim.CmdClassify, Track: reported, Index: int(sim.ClassMigrants), On: true}, sim.ReasonCloseFalse)
	gnb.refused(t, wire.Command{Kind: sim.CmdClassify, Track: reported, Index: int(sim.ClassMigrants)}, sim.ReasonNoTrack)
	ponal.refused(t, wire.Command{Kind: sim.CmdReport, Track: reported, ToTeam: teamGNB, Index: 0}, sim.ReasonBadReport)
	ponal.refused(t, wire.Command{Kind: sim.CmdReport, Track: reported, ToTeam: teamGNB, Index: int(sim.ReportCrime), Count: 101}, sim.ReasonBadConfidence)
	ponal.refused(t, wire.Command{Kind: sim.CmdReport, Track: reported, ToTeam: teamPONAL, Index: int(sim.ReportCrime)}, sim.ReasonSelfRequest)
	ins.refused(t, wire.Command{Kind: sim.CmdReport, Track: reported, ToTeam: teamGNB, Index: int(sim.ReportCrime)}, sim.ReasonTeamOnly)
	ponal.await(t, "the classifications in PONAL's picture", func(p *party) bool {
		a, ok1 := p.track(reported)
		b, ok2 := p.track(hidden)
		return ok1 && ok2 && a.Class == sim.ClassSmugglers && a.ClassBy == teamPONAL && b.Class == sim.ClassVulnerable
	})
	ponal.must(t, wire.Command{Kind: sim.CmdReport, Track: reported, ToTeam: teamGNB, Index: int(sim.ReportCrime), Count: 80})
	req := ponal.sent(t)
	ponal.mu.Lock()
	r, _ := ponal.request(req)
	ponal.mu.Unlock()
	if r.Kind != sim.ReqReport || r.Class != sim.ClassSmugglers || r.Confidence != 80 || r.Type != sim.ReportCrime {
		t.Errorf("PONAL's report: %+v", r)
	}
	sentAt := r.Made
	mu.Lock()
	earliest = sentAt + 1800
	mu.Unlock()

	// The report crosses the link (30 minutes) and reaches GNB only.
	var ev sim.Event
	gnb.await(t, "the report at GNB", func(p *party) bool {
		var ok bool
		ev, ok = p.event(sim.EvReport, req)
		return ok
	})
	if ev.Text != sim.ReportCrime.String() || ev.Tick-sentAt < 1800 {
		t.Errorf("GNB's report event %+v: want %s, at least 30 minutes after tick %d", ev, sim.ReportCrime, sentAt)
	}
	gnb.await(t, "PONAL's classification on GNB's copy of the track", func(p *party) bool {
		mu.Lock()
		defer mu.Unlock()
		r, ok := p.request(req)
		return shown[ev.Track] && ok && r.State == sim.ReqDelivered
	})

	// Three hours in all, the hidden classification never crossing.
	ins.await(t, "three simulated hours", func(p *party) bool { return p.tick >= 3*3600 })
	close(stop)
	for _, p := range []*party{ponal, gnb, mig, ins} {
		<-p.done
	}
	for _, p := range []*party{gnb, mig} {
		if len(p.leaks) > 0 {
			t.Errorf("team %d saw what it must not: %q", p.team, p.leaks)
		}
	}
	if _, ok := mig.event(sim.EvShared, 0); !ok {
		t.Error("MIG received no shared track in three hours: the leak check saw nothing to check")
	}
	evs := replayedEvents(t, ts, dir, id)
	if n := replayed(evs, sim.EvReport, teamGNB, sim.ReportCrime.String()); n != 1 {
		t.Errorf("the replay has %d report events for GNB, want 1", n)
	}
	if n := replayed(evs, sim.EvReport, teamMIG, ""); n != 0 {
		t.Errorf("the replay has %d report events for MIG", n)
	}
}

// longBuiltin skips a long test in -short mode (why says why it is
// long) and returns the test scenario.
func longBuiltin(t *testing.T, why string) *sim.Scenario {
	t.Helper()
	if testing.Short() {
		t.Skip(why)
	}
	return testScenario(t)
}

// coopRun creates a running, recorded exercise at speed 1000 with seed —
// of the test scenario, or of the scenario file named by file when not ""
// — and returns its server, data directory and id, the channel that stops
// its parties, and join, which starts a party of the team with that id
// ("" for the white cell).
func coopRun(t *testing.T, seed uint64, file string) (*testServer, string, string, chan struct{}, func(team string, check func(*party, wire.Message)) *party) {
	t.Helper()
	dir := t.TempDir()
	ts := newServer(t, server.Config{DataDir: dir, CheckpointEvery: 500})
	body := map[string]any{"scenario": scenario, "speed": 1000, "seed": seed}
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		delete(body, "scenario")
		body["yaml"] = string(b)
	}
	id, codes, _ := ts.create(t, jsonBody(body))
	stop := make(chan struct{})
	return ts, dir, id, stop, func(team string, check func(*party, wire.Message)) *party {
		if team == "" {
			return start(join(t, ts, token, id), stop, check)
		}
		return start(join(t, ts, codes[team], ""), stop, check)
	}
}

// TestRequestsAtTheWire is issue 12's wire test for each request between
// two trainees of neighbouring teams, PONAL and GNB ("trochas", 30-minute
// link): a hand-over granted (both pictures show the track handed to
// GNB); an incursion of PONAL's drone that GNB protests (acknowledged,
// investigated, resolved), then twice more (one rejected by PONAL, one
// disputed by GNB after the investigation); a hot pursuit declined, then one granted (the
// drone goes 1.5 km into Venezuela without an incident); assistance
// granted with a unit (it moves to the place); a request left unanswered
// (expired); and, with GNB switched to computer control, a hand-over
// granted by the rule. MIG, party to none of it, sees none of it. The
// recording verifies and its replay has every answer.
func TestRequestsAtTheWire(t *testing.T) {
	sc := longBuiltin(t, "runs a simulated afternoon")
	ts, dir, id, stop, join := coopRun(t, 4, "")
	ponal, gnb, mig, ins := join("PONAL", nil), join("GNB", nil), join("MIG", outsider), join("", nil)
	ven := sc.Map.CountryIndex(sc.Teams[teamGNB].Country)

	// arrived waits for request id at GNB (the partner) and returns its
	// event; answered waits for an answer of it at both parties.
	arrived := func(p *party, id int32) sim.Event {
		var ev sim.Event
		p.await(t, fmt.Sprintf("request %d", id), func(p *party) bool {
			var ok bool
			ev, ok = p.event(sim.EvRequest, id)
			return ok
		})
		return ev
	}
	answered := func(id int32, ans sim.Answer, state sim.RequestState) {
		for _, p := range []*party{ponal, gnb} {
			p.await(t, fmt.Sprintf("%s of request %d", ans, id), func(p *party) bool {
				r, ok := p.request(id)
				for _, e := range p.events {
					if e.Kind == sim.EvAnswer && e.Group == id && e.Text == ans.String() && ok && r.State == state {
						return true
					}
				}
				return false
			})
		}
	}

	// Hand-over, granted by GNB's trainee.
	a := ponal.fresh(t)
	ponal.refused(t, wire.Command{Kind: sim.CmdHandover, Track: a, ToTeam: teamMIG + 7}, sim.ReasonBadTeam)
	ponal.must(t, wire.Command{Kind: sim.CmdHandover, Track: a, ToTeam: teamGNB})
	hand := ponal.sent(t)
	gnb.mu.Lock()
	_, early := gnb.request(hand)
	gnb.mu.Unlock()
	if early {
		t.Error("GNB lists the hand-over before it crossed the link")
	}
	ev := arrived(gnb, hand)
	if ev.Text != sim.ReqHandover.String() || ev.Track < 0 {
		t.Errorf("GNB's request event %+v: want a hand-over with its copy of the track", ev)
	}
	gnb.refused(t, wire.Command{Kind: sim.CmdAnswer, Index: int(hand), Count: int(sim.AnsAcknowledge)}, sim.ReasonBadAnswer)
	ponal.refused(t, wire.Command{Kind: sim.CmdAnswer, Index: int(hand), Count: int(sim.AnsGrant)}, sim.ReasonBadAnswer)
	mig.refused(t, wire.Command{Kind: sim.CmdAnswer, Index: int(hand), Count: int(sim.AnsGrant)}, sim.ReasonNoRequest)
	gnb.must(t, wire.Command{Kind: sim.CmdAnswer, Index: int(hand), Count: int(sim.AnsGrant)})
	answered(hand, sim.AnsGrant, sim.ReqGranted)
	gnb.await(t, "GNB's copy handed to GNB", func(p *party) bool { tr, ok := p.track(ev.Track); return ok && tr.HandedTo == teamGNB })
	// PONAL's own track, if it has not expired in the 30 minutes the
	// request took to cross (TestHandoverInBothPictures checks both
	// pictures at once on a fast link).
	ponal.await(t, "PONAL's track handed to GNB", func(p *party) bool {
		tr, ok := p.track(a)
		if !ok {
			t.Logf("PONAL's track %d expired before the grant", a)
		}
		return !ok || tr.HandedTo == teamGNB
	})

	// An incursion by PONAL's drone, protested by GNB.
	drone := ponal.unitOf(sim.Drone)
	if drone.Name == "" {
		t.Fatal("PONAL has no drone")
	}
	cross, _, _ := sc.Map.NearestOnBorder(drone.Pos)
	dx, dy := cross[0]-drone.Pos[0], cross[1]-drone.Pos[1]
	d := math.Hypot(dx, dy)
	inside := orb.Point{cross[0] + dx/d*1500, cross[1] + dy/d*1500}
	home := orb.Point{cross[0] - dx/d*1500, cross[1] - dy/d*1500}
	if sc.Map.CountryAt(inside) != ven {
		t.Fatalf("1.5 km past the border from the drone is not Venezuela")
	}
	// fly sends the drone to p, relaunching it with at least an hour of
	// flight left.
	fly := func(p orb.Point) {
		const hour = 3600 // ticks of flight (1 s ticks)
		var u sim.UnitView
		ponal.await(t, "the drone", func(pp *party) bool {
			i := slices.IndexFunc(pp.units, func(u sim.UnitView) bool { return u.ID == drone.ID })
			u = pp.units[i]
			return true
		})
		if u.Aloft && u.Fuel >= hour {
			ponal.must(t, wire.Command{Kind: sim.CmdMove, Unit: drone.ID, Target: p})
			return
		}
		if u.Aloft {
			ponal.must(t, wire.Command{Kind: sim.CmdRecall, Unit: drone.ID})
		}
		ponal.await(t, "the drone refuelled", func(pp *party) bool {
			i := slices.IndexFunc(pp.units, func(u sim.UnitView) bool { return u.ID == drone.ID })
			return !pp.units[i].Aloft && pp.units[i].Fuel >= hour+600
		})
		ponal.must(t, wire.Command{Kind: sim.CmdLaunch, Unit: drone.ID, Target: p})
	}
	gnb.refused(t, wire.Command{Kind: sim.CmdProtest, Unit: drone.ID, ToTeam: teamPONAL, Text: "incursion"}, sim.ReasonNoIncident)
	fly(inside)
	var incident sim.Event
	gnb.await(t, "the drone's incident", func(p *party) bool {
		for _, e := range p.events {
			if e.Kind == sim.EvIncident && e.Unit == drone.ID {
				incident = e
				return true
			}
		}
		return false
	})
	fly(home)
	gnb.must(t, wire.Command{Kind: sim.CmdProtest, Unit: drone.ID, ToTeam: teamPONAL, Text: "drone over San Antonio"})
	protest := gnb.sent(t)
	arrived(ponal, protest)
	gnb.refused(t, wire.Command{Kind: sim.CmdAnswer, Index: int(protest), Count: int(sim.AnsAcknowledge)}, sim.ReasonBadAnswer)
	ponal.must(t, wire.Command{Kind: sim.CmdAnswer, Index: int(protest), Count: int(sim.AnsAcknowledge)})
	answered(protest, sim.AnsAcknowledge, sim.ReqAcknowledged)
	ponal.must(t, wire.Command{Kind: sim.CmdAnswer, Index: int(protest), Count: int(sim.AnsInvestigate)})
	answered(protest, sim.AnsInvestigate, sim.ReqInvestigating)
	ponal.refused(t, wire.Command{Kind: sim.CmdAnswer, Index: int(protest), Count: int(sim.AnsResolve)}, sim.ReasonBadAnswer)
	gnb.refused(t, wire.Command{Kind: sim.CmdAnswer, Index: int(protest), Count: int(sim.AnsDispute)}, sim.ReasonNeedReason)
	gnb.must(t, wire.Command{Kind: sim.CmdAnswer, Index: int(protest), Count: int(sim.AnsResolve), Text: "navigation error, apology accepted"})
	answered(protest, sim.AnsResolve, sim.ReqResolved)
	gnb.mu.Lock()
	if r, _ := gnb.request(protest); r.Pos != incident.Pos {
		t.Errorf("the protest is at %v, the incident was at %v", r.Pos, incident.Pos)
	}
	gnb.mu.Unlock()
	// Two more protests over the incident: PONAL rejects one (disputed at
	// once); GNB disputes the other after the joint investigation, which
	// either party opens.
	gnb.must(t, wire.Command{Kind: sim.CmdProtest, Unit: drone.ID, ToTeam: teamPONAL, Text: "the same overflight, again"})
	rejected := gnb.sent(t)
	arrived(ponal, rejected)
	ponal.refused(t, wire.Command{Kind: sim.CmdAnswer, Index: int(rejected), Count: int(sim.AnsDecline)}, sim.ReasonNeedReason)
	ponal.must(t, wire.Command{Kind: sim.CmdAnswer, Index: int(rejected), Count: int(sim.AnsDecline), Text: "the drone stayed on our side"})
	answered(rejected, sim.AnsDecline, sim.ReqDisputed)
	gnb.must(t, wire.Command{Kind: sim.CmdProtest, Unit: drone.ID, ToTeam: teamPONAL, Text: "a third time"})
	disputed := gnb.sent(t)
	arrived(ponal, disputed)
	ponal.must(t, wire.Command{Kind: sim.CmdAnswer, Index: int(disputed), Count: int(sim.AnsAcknowledge)})
	answered(disputed, sim.AnsAcknowledge, sim.ReqAcknowledged)
	gnb.must(t, wire.Command{Kind: sim.CmdAnswer, Index: int(disputed), Count: int(sim.AnsInvestigate)})
	answered(disputed, sim.AnsInvestigate, sim.ReqInvestigating)
	gnb.must(t, wire.Command{Kind: sim.CmdAnswer, Index: int(disputed), Count: int(sim.AnsDispute), Text: "the track flown is not agreed"})
	answered(disputed, sim.AnsDispute, sim.ReqDisputed)
	ponal.refused(t, wire.Command{Kind: sim.CmdAnswer, Index: int(disputed), Count: int(sim.AnsResolve)}, sim.ReasonBadAnswer)
	for _, p := range []*party{ponal, gnb} {
		p.mu.Lock()
		for id, reason := range map[int32]string{rejected: "the drone stayed on our side", disputed: "the track flown is not agreed"} {
			if r, _ := p.request(id); r.Reason != reason || r.Acked >= 0 != (id == disputed) || r.Opened >= 0 != (id == disputed) {
				t.Errorf("team %d's protest %d: %+v, want disputed with %q", p.team, id, r, reason)
			}
		}
		p.mu.Unlock()
	}

	// Hot pursuit: declined with a reason, then granted; the granted one
	// takes the drone into Venezuela without an incident.
	ponal.await(t, "the drone back in Colombia", func(p *party) bool {
		for _, u := range p.units {
			if u.ID == drone.ID {
				return sc.Map.CountryAt(u.Pos) != ven
			}
		}
		return false
	})
	ponal.must(t, wire.Command{Kind: sim.CmdPursuit, Unit: drone.ID, Track: ponal.fresh(t), ToTeam: teamGNB})
	declined := ponal.sent(t)
	arrived(gnb, declined)
	gnb.refused(t, wire.Command{Kind: sim.CmdAnswer, Index: int(declined), Count: int(sim.AnsDecline)}, sim.ReasonNeedReason)
	gnb.must(t, wire.Command{Kind: sim.CmdAnswer, Index: int(declined), Count: int(sim.AnsDecline), Text: "our patrol is on it"})
	answered(declined, sim.AnsDecline, sim.ReqDeclined)
	ponal.must(t, wire.Command{Kind: sim.CmdPursuit, Unit: drone.ID, Track: ponal.fresh(t), ToTeam: teamGNB})
	pursuit := ponal.sent(t)
	arrived(gnb, pursuit)
	gnb.must(t, wire.Command{Kind: sim.CmdAnswer, Index: int(pursuit), Count: int(sim.AnsGrant)})
	answered(pursuit, sim.AnsGrant, sim.ReqGranted)
	fly(inside)
	var arrivedAt int32
	ponal.await(t, "the drone 1.5 km inside Venezuela", func(p *party) bool {
		for _, u := range p.units {
			if u.ID == drone.ID && math.Hypot(u.Pos[0]-inside[0], u.Pos[1]-inside[1]) < 100 {
				arrivedAt = p.tick
				return true
			}
		}
		return false
	})
	ponal.await(t, "a minute over Venezuela", func(p *party) bool { return p.tick > arrivedAt+60 })
	ponal.mu.Lock()
	r, _ := ponal.request(pursuit)
	incidents := 0
	for _, e := range ponal.events {
		if e.Kind == sim.EvIncident && e.Unit == drone.ID {
			incidents++
		}
	}
	ponal.mu.Unlock()
	if incidents != 1 || r.Until < arrivedAt {
		t.Errorf("%d incidents of the drone (want the protested one only); the pursuit lasts to %d, the drone arrived at %d",
			incidents, r.Until, arrivedAt)
	}
	fly(home)

	// Assistance: GNB asks, PONAL sends its motorbikes.
	bikes := ponal.unitOf(sim.Vehicle)
	place := orb.Point{bikes.Pos[0] + 800, bikes.Pos[1] + 300}
	gnb.must(t, wire.Command{Kind: sim.CmdAssistance, Target: place, ToTeam: teamPONAL, Text: "casualty at the river"})
	assist := gnb.sent(t)
	arrived(ponal, assist)
	ponal.refused(t, wire.Command{Kind: sim.CmdAnswer, Index: int(assist), Count: int(sim.AnsGrant)}, sim.ReasonNeedUnit)
	ponal.must(t, wire.Command{Kind: sim.CmdAnswer, Index: int(assist), Count: int(sim.AnsGrant), Unit: bikes.ID})
	answered(assist, sim.AnsGrant, sim.ReqGranted)
	ponal.await(t, "the motorbikes on their way", func(p *party) bool {
		for _, u := range p.units {
			if u.ID == bikes.ID {
				return u.Order == sim.OrderMove && math.Hypot(u.Target[0]-place[0], u.Target[1]-place[1]) < 1
			}
		}
		return false
	})
	gnb.await(t, "the unit sent in GNB's requests", func(p *party) bool { r, ok := p.request(assist); return ok && r.Unit == bikes.ID })

	// Unanswered: expired at both, 15 minutes after it arrived.
	ponal.must(t, wire.Command{Kind: sim.CmdHandover, Track: ponal.fresh(t), ToTeam: teamGNB})
	lapse := ponal.sent(t)
	got := arrived(gnb, lapse)
	for _, p := range []*party{ponal, gnb} {
		p.await(t, "the expiry", func(p *party) bool {
			e, ok := p.event(sim.EvExpired, lapse)
			return ok && e.Tick-got.Tick == 900
		})
	}

	// GNB under computer control: the rule takes a hand-over 2 minutes
	// after it arrives.
	ins.must(t, wire.Command{Kind: sim.CmdAuto, ToTeam: teamGNB, On: true})
	ponal.must(t, wire.Command{Kind: sim.CmdHandover, Track: ponal.fresh(t), ToTeam: teamGNB})
	auto := ponal.sent(t)
	got = arrived(gnb, auto)
	answered(auto, sim.AnsGrant, sim.ReqGranted)
	ponal.mu.Lock()
	if e, _ := ponal.event(sim.EvAnswer, auto); e.Tick-got.Tick != 120 {
		t.Errorf("the rule answered %d ticks after the request arrived, want 120", e.Tick-got.Tick)
	}
	ponal.mu.Unlock()

	close(stop)
	for _, p := range []*party{ponal, gnb, mig, ins} {
		<-p.done
	}
	if len(mig.leaks) > 0 {
		t.Errorf("MIG saw what it must not: %q", mig.leaks)
	}
	// The white cell sees every request and its state, as both parties do.
	for _, q := range []int32{hand, protest, rejected, disputed, declined, pursuit, assist, lapse, auto} {
		w, ok := ins.request(q)
		p, _ := ponal.request(q)
		if !ok || w.State != p.State || w.From != p.From || w.To != p.To {
			t.Errorf("the white cell's request %d: %+v (%v), PONAL's %+v", q, w, ok, p)
		}
	}
	evs := replayedEvents(t, ts, dir, id)
	checkReplayed(t, evs, []replayCount{
		{sim.EvRequest, teamGNB, "handover", 3},
		{sim.EvRequest, teamGNB, "pursuit", 2},
		{sim.EvRequest, teamPONAL, "protest", 3},
		{sim.EvRequest, teamPONAL, "assistance", 1},
		{sim.EvAnswer, teamPONAL, "grant", 4},
		{sim.EvAnswer, teamGNB, "decline", 2},
		{sim.EvAnswer, teamGNB, "resolve", 1},
		{sim.EvAnswer, teamPONAL, "dispute", 1},
		{sim.EvAnswer, teamGNB, "investigate", 2},
		{sim.EvExpired, teamPONAL, "handover", 1},
		{sim.EvRequest, teamMIG, "", 0},
		{sim.EvAnswer, teamMIG, "", 0},
	})
	if !slices.ContainsFunc(evs, func(e sim.Event) bool { return e.Kind == sim.EvIncident && e.Unit == drone.ID }) {
		t.Error("the replay lost the drone's incident")
	}

	// The review lists every request with its answer and timing.
	rec := recordingOf(t, dir, id)
	rv := reviewOf(t, rec)
	var rows []string
	for _, q := range rv.Requests {
		rows = append(rows, fmt.Sprintf("%d %s %s>%s %s %v", q.ID, q.Kind, q.From, q.To, q.State, q.Took != ""))
	}
	want := []string{
		fmt.Sprintf("%d handover PONAL>GNB granted true", hand), fmt.Sprintf("%d protest GNB>PONAL resolved true", protest),
		fmt.Sprintf("%d protest GNB>PONAL disputed true", rejected), fmt.Sprintf("%d protest GNB>PONAL disputed true", disputed),
		fmt.Sprintf("%d pursuit PONAL>GNB declined true", declined), fmt.Sprintf("%d pursuit PONAL>GNB granted true", pursuit),
		fmt.Sprintf("%d assistance GNB>PONAL granted true", assist), fmt.Sprintf("%d handover PONAL>GNB expired false", lapse),
		fmt.Sprintf("%d handover PONAL>GNB granted true", auto),
	}
	if !slices.Equal(rows, want) {
		t.Errorf("the review's requests:\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	// The hand-over is made minutes after C1 fires (the grant, after the
	// link's 30 minutes and the test's pace, may fall past its hour).
	observedInReview(t, rv, map[string][2]string{
		"PONAL": {fmt.Sprintf("hand track %d over to GNB", a), rv.Requests[0].Made},
	})
}

// observedInReview checks the review's MSEL analysis: the procedures
// performed (by team: the text of the command and its clock time) show
// as the observed action of a fired row with an expected action, each
// observed action was by an addressee within the row's window, and
// msel.md gives every row its observed action or "none observed".
func observedInReview(t *testing.T, rv *aar.Report, want map[string][2]string) {
	t.Helper()
	found := map[string]bool{}
	for _, in := range rv.Injects {
		for _, o := range in.Observed {
			if in.Expected == "" || !in.Fired {
				t.Errorf("row %s (fired %v, expected %q) has an observed action", in.ID, in.Fired, in.Expected)
			}
			if in.Addressee != "all teams" && in.Addressee != o.Team {
				t.Errorf("row %s to %s observes %s's %q", in.ID, in.Addressee, o.Team, o.Text)
			}
			if o.Tick < in.FiredTick || o.Tick > in.FiredTick+aar.DefaultWindow {
				t.Errorf("row %s fired at %d observes %q at %d, outside its window", in.ID, in.FiredTick, o.Text, o.Tick)
			}
			if w, ok := want[o.Team]; ok && o.Text == w[0] && o.Time == w[1] {
				found[o.Team] = true
			}
		}
	}
	for team, w := range want {
		if !found[team] {
			t.Errorf("no MSEL row observes %s's %q at %s", team, w[0], w[1])
		}
	}
	var md strings.Builder
	if err := aar.WriteMSEL(&md, rv, "en"); err != nil {
		t.Fatal(err)
	}
	for _, in := range rv.Injects {
		if !in.Fired || in.Expected == "" {
			continue
		}
		line := ""
		for _, l := range strings.Split(md.String(), "\n") {
			if strings.HasPrefix(l, "| "+in.ID+" | ") {
				line = l
			}
		}
		switch {
		case line == "":
			t.Errorf("msel.md has no row %s", in.ID)
		case len(in.Observed) == 0 && !strings.HasSuffix(line, "| none observed |"):
			t.Errorf("msel.md row %s: %q, want none observed", in.ID, line)
		case len(in.Observed) > 0 && !strings.Contains(line, in.Observed[0].Text):
			t.Errorf("msel.md row %s: %q, want %q", in.ID, line, in.Observed[0].Text)
		}
	}
}

// TestMalformedRequestClosesOnlyItsSocket: a cooperation command cut
// short closes its sender's connection with a policy violation; the
// partner's connection goes on, its own request answered.
func TestMalformedRequestClosesOnlyItsSocket(t *testing.T) {
	ts, _, codes := withExercise(t, server.Config{}, 50)
	ponal := join(t, ts, codes["PONAL"], "")
	gnb := join(t, ts, codes["GNB"], "")
	b := wire.Encode(&wire.Command{ID: 1, Kind: sim.CmdReport, Track: 3, ToTeam: teamGNB, Index: int(sim.ReportCrime), Count: 80})
	ponal.sendRaw(websocket.BinaryMessage, b[:len(b)-1])
	werr, ce := ponal.closed()
	if werr == nil || werr.Code != websocket.ClosePolicyViolation || ce.Code != websocket.ClosePolicyViolation {
		t.Fatalf("PONAL's connection closed with %+v, %v; want a policy violation", werr, ce)
	}
	frames := gnb.frames
	gnb.send(&wire.Command{ID: 2, Kind: sim.CmdAnswer, Index: 99, Count: int(sim.AnsGrant)})
	if a := gnb.ack(2); a.Accepted || a.Reason != sim.ReasonNoRequest {
		t.Errorf("GNB's answer: %+v, want refused with %q", a, sim.ReasonNoRequest)
	}
	gnb.next(func(wire.Message) bool { return gnb.frames > frames+2 })
}

// TestDegradedLinkAndTeamComms: with the trochas link degraded by the
// white cell, PONAL's liaison line and its report, sent together, both
// reach GNB late by the same lag (twice the 30-minute delay and 2
// minutes): the line that lag after it was sent, the report its delay
// and that lag; the recording keeps the line at its delivery and
// verifies. PONAL's internal comms then fail (the white cell's ad-hoc
// command, 10 minutes): its units take no order and its team chat is not
// delivered, while GNB goes on; when they come back PONAL is told and
// its order goes through.
func TestDegradedLinkAndTeamComms(t *testing.T) {
	sc := longBuiltin(t, "runs two simulated hours")
	ai := slices.IndexFunc(sc.Agreements, func(a sim.AgreementSpec) bool { return a.ID == "trochas" })
	delay := sc.Agreements[ai].Delay
	lag := 2*delay + sim.DegradedLag/int32(sc.TickSeconds)
	ts, dir, id, stop, join := coopRun(t, 5, "")
	ponal, gnb, ins := join("PONAL", nil), join("GNB", nil), join("", nil)

	ins.must(t, wire.Command{Kind: sim.CmdCommsDegrade, Index: ai})
	ponal.await(t, "the trochas link degraded", func(p *party) bool {
		return slices.ContainsFunc(p.comms, func(c sim.CommsView) bool { return c.Agreement == "trochas" && c.Degraded })
	})
	tr := ponal.fresh(t)
	ponal.c.send(&wire.Chat{Channel: wire.ChanLiaison, Agreement: "trochas", Text: "groups at the trocha"})
	ponal.must(t, wire.Command{Kind: sim.CmdReport, Track: tr, ToTeam: teamGNB, Index: int(sim.ReportCrossing), Count: 60})
	req := ponal.sent(t)
	var line heard
	gnb.await(t, "the liaison line at GNB", func(p *party) bool {
		i := slices.IndexFunc(p.chats, func(h heard) bool { return h.line.Text == "groups at the trocha" })
		if i >= 0 {
			line = p.chats[i]
		}
		return i >= 0
	})
	// Frames come a few ticks apart at this speed: the exact tick is the
	// recording's, checked below; at the wire the line was held.
	if line.at < line.line.Tick+lag/2 {
		t.Errorf("the line sent at %d reached GNB after frame %d: well before the lag of %d ticks", line.line.Tick, line.at, lag)
	}
	var ev sim.Event
	gnb.await(t, "the report at GNB", func(p *party) bool { var ok bool; ev, ok = p.event(sim.EvReport, req); return ok })
	ponal.mu.Lock()
	r, _ := ponal.request(req)
	ponal.mu.Unlock()
	if ev.Tick-r.Made != delay+lag {
		t.Errorf("the report took %d ticks, want the delay %d and the lag %d", ev.Tick-r.Made, delay, lag)
	}

	// PONAL's internal comms down for 10 minutes.
	bikes := ponal.unitOf(sim.Vehicle)
	ins.refused(t, wire.Command{Kind: sim.CmdTeamCommsDown, ToTeam: 9}, sim.ReasonBadTeam)
	ins.must(t, wire.Command{Kind: sim.CmdTeamCommsDown, ToTeam: teamPONAL, For: 600})
	ponal.await(t, "PONAL told its comms are down", func(p *party) bool {
		return slices.ContainsFunc(p.events, func(e sim.Event) bool { return e.Kind == sim.EvTeamComms && e.Text == "down" })
	})
	ponal.refused(t, wire.Command{Kind: sim.CmdHold, Unit: bikes.ID}, sim.ReasonTeamCommsDown)
	ponal.c.send(&wire.Chat{Channel: wire.ChanTeam, Text: "anyone there?"})
	ponal.await(t, "the team line refused", func(p *party) bool {
		return slices.ContainsFunc(p.chats, func(h heard) bool {
			return h.line.From == "server" && strings.Contains(h.line.Text, sim.ReasonTeamCommsDown)
		})
	})
	gnb.must(t, wire.Command{Kind: sim.CmdHold, Unit: gnb.unitOf(sim.Vehicle).ID})
	gnb.mu.Lock()
	if slices.ContainsFunc(gnb.events, func(e sim.Event) bool { return e.Kind == sim.EvTeamComms }) {
		t.Error("GNB was told of PONAL's internal comms")
	}
	gnb.mu.Unlock()
	ponal.await(t, "PONAL's comms back", func(p *party) bool {
		return slices.ContainsFunc(p.events, func(e sim.Event) bool { return e.Kind == sim.EvTeamComms && e.Text == "up" })
	})
	ponal.must(t, wire.Command{Kind: sim.CmdHold, Unit: bikes.ID})

	close(stop)
	for _, p := range []*party{ponal, gnb, ins} {
		<-p.done
	}
	rec := verified(t, ts, dir, id)
	i := slices.IndexFunc(rec.Chats, func(c recording.Chat) bool { return c.Text == "groups at the trocha" })
	if i < 0 || rec.Chats[i].Tick != line.line.Tick+lag || rec.Chats[i].Lost != "" {
		t.Errorf("the recording's line %+v, want delivered at %d", rec.Chats, line.line.Tick+lag)
	}
	if !slices.ContainsFunc(rec.Chats, func(c recording.Chat) bool { return c.Text == "anyone there?" && c.Lost == "team comms down" }) {
		t.Error("the recording lacks the team line lost to the outage")
	}
}

// TestUnitOrdersAtTheWire: PONAL slows a unit to half pace and turns its
// La Parada camera; both pictures of PONAL's show it (the unit's pace, the
// sensor's azimuth); GNB may neither pace PONAL's unit nor turn PONAL's
// camera; a transfer of a unit escorting no one is refused. The
// recording verifies.
func TestUnitOrdersAtTheWire(t *testing.T) {
	sc := longBuiltin(t, "runs a real exercise")
	cam := int32(slices.IndexFunc(sc.Sensors, func(s sim.SensorSpec) bool { return s.Name == "La Parada river camera" }))
	ts, dir, id, stop, join := coopRun(t, 6, "")
	ponal, gnb := join("PONAL", nil), join("GNB", nil)
	ponal.await(t, "PONAL's units", func(p *party) bool { return len(p.units) > 0 })
	u := ponal.unitOf(sim.Vehicle)
	gnb.refused(t, wire.Command{Kind: sim.CmdPace, Unit: u.ID, Count: 50}, sim.ReasonNotYourUnit)
	gnb.refused(t, wire.Command{Kind: sim.CmdAim, Index: int(cam), Count: 120}, sim.ReasonNotYourSensor)
	ponal.refused(t, wire.Command{Kind: sim.CmdPace, Unit: u.ID, Count: 5}, sim.ReasonBadPace)
	ponal.refused(t, wire.Command{Kind: sim.CmdTransfer, Unit: u.ID, Target: sc.Teams[teamPONAL].Base}, sim.ReasonNotEscorting)
	ponal.must(t, wire.Command{Kind: sim.CmdPace, Unit: u.ID, Count: 50})
	ponal.must(t, wire.Command{Kind: sim.CmdAim, Index: int(cam), Count: 120})
	ponal.await(t, "the unit at half pace", func(p *party) bool {
		return slices.ContainsFunc(p.units, func(x sim.UnitView) bool { return x.ID == u.ID && x.Pace == 50 })
	})
	ponal.await(t, "the camera turned", func(p *party) bool {
		return slices.ContainsFunc(p.sens, func(s sim.SensorView) bool { return s.ID == cam && s.Azimuth == 120 })
	})
	close(stop)
	for _, p := range []*party{ponal, gnb} {
		<-p.done
	}
	verified(t, ts, dir, id)
}

// linkDrill is the scenario of the link, readmission and joint-commission
// tests: FIN and RUS under fin-rus (5-minute link, on_cut: queue, a backup
// of two messages an hour taking a minute, a commission), EU party to
// fin-eu only.
const linkDrill = "testdata/link-drill.yaml"

// Team indexes and the agreement of the link drill.
const (
	drillFIN, drillRUS, drillEU = 0, 1, 2
	drillFinRus                 = 0 // agreement index of fin-rus
	drillBackupPerHour          = 2
)

// commsCut waits until p's view shows fin-rus cut (or not).
func (p *party) commsCut(t *testing.T, cut bool) {
	t.Helper()
	p.await(t, fmt.Sprintf("fin-rus cut %v", cut), func(p *party) bool {
		return slices.ContainsFunc(p.comms, func(c sim.CommsView) bool { return c.Agreement == "fin-rus" && c.Cut == cut })
	})
}

// TestLinkCutAtTheWire: FIN's reports to RUS over a cut link, with two
// trainees' websocket clients. Under on_cut: queue, of five reports sent
// during the cut the backup means carries two (at most its two an hour)
// and they arrive during the cut; the three others wait, and when the
// white cell restores the link RUS receives every one, in the order they
// were made, in one tick. The white cell then makes the agreement drop on
// a cut (an hour's delay, so that a report is surely on its way): a
// report on its way when the link is cut is lost (a lost event to FIN,
// never delivered), and during the cut the backup carries what is left of
// its hour and then FIN is refused. EU sees none of it. The recording
// verifies and its replay has RUS's report events and FIN's lost one.
func TestLinkCutAtTheWire(t *testing.T) {
	if testing.Short() {
		t.Skip("runs simulated hours")
	}
	ts, dir, id, stop, join := coopRun(t, 6, linkDrill)
	fin, rus, eu, ins := join("FIN", nil), join("RUS", nil), join("EU", outsider), join("", nil)
	report := func(tr int32) wire.Command {
		return wire.Command{Kind: sim.CmdReport, Track: tr, ToTeam: drillRUS, Index: int(sim.ReportCrossing), Count: 60}
	}
	reached := func(id int32) (sim.Event, bool) {
		rus.mu.Lock()
		defer rus.mu.Unlock()
		return rus.event(sim.EvReport, id)
	}

	// Queue.
	tracks := fin.ownTracks(t, 5)
	ins.must(t, wire.Command{Kind: sim.CmdCommsCut, Index: drillFinRus})
	fin.commsCut(t, true)
	var queued, backed []int32
	for _, tr := range tracks {
		fin.must(t, report(tr))
		id := fin.sent(t)
		fin.mu.Lock()
		r, _ := fin.request(id)
		fin.mu.Unlock()
		if r.Backup {
			backed = append(backed, id)
		} else {
			queued = append(queued, id)
		}
	}
	if len(backed) == 0 || len(queued) == 0 {
		t.Fatalf("by the backup %v, queued %v: want some of each", backed, queued)
	}
	for _, id := range backed {
		rus.await(t, fmt.Sprintf("report %d by the backup", id), func(p *party) bool { _, ok := p.event(sim.EvReport, id); return ok })
	}
	made := func(id int32) int32 { fin.mu.Lock(); defer fin.mu.Unlock(); r, _ := fin.request(id); return r.Made }
	last := made(queued[len(queued)-1])
	fin.await(t, "ten minutes of the cut, twice the link's delay", func(p *party) bool { return p.tick > last+600 })
	for _, id := range queued {
		if e, ok := reached(id); ok {
			t.Errorf("queued report %d reached RUS during the cut: %+v", id, e)
		}
	}
	ins.must(t, wire.Command{Kind: sim.CmdCommsRestore, Index: drillFinRus})
	rus.await(t, "every queued report", func(p *party) bool {
		for _, id := range queued {
			if _, ok := p.event(sim.EvReport, id); !ok {
				return false
			}
		}
		return true
	})
	rus.mu.Lock()
	var order []int32
	var ticks []int32
	for _, e := range rus.events {
		if e.Kind == sim.EvReport && slices.Contains(queued, e.Group) {
			order, ticks = append(order, e.Group), append(ticks, e.Tick)
		}
	}
	rus.mu.Unlock()
	if !slices.Equal(order, queued) || slices.Min(ticks) != slices.Max(ticks) {
		t.Errorf("the queued reports reached RUS as %v at ticks %v; want %v in one tick", order, ticks, queued)
	}

	// Drop.
	ins.must(t, wire.Command{Kind: sim.CmdAgreement, Index: drillFinRus, Text: "on_cut=drop delay_s=3600"})
	fin.must(t, report(fin.fresh(t)))
	lost := fin.sent(t)
	ins.must(t, wire.Command{Kind: sim.CmdCommsCut, Index: drillFinRus})
	fin.await(t, "the report lost to the cut", func(p *party) bool {
		r, _ := p.request(lost)
		_, ok := p.event(sim.EvLost, lost)
		return ok && r.State == sim.ReqLost
	})
	refused := false
	for range drillBackupPerHour + 1 {
		a := fin.do(t, report(fin.fresh(t)))
		if !a.Accepted {
			if a.Reason != sim.ReasonBackupFull {
				t.Errorf("a report during the cut refused with %q, want %q", a.Reason, sim.ReasonBackupFull)
			}
			refused = true
			break
		}
	}
	if !refused {
		t.Errorf("%d reports went by the backup in a row during the cut: it carries %d an hour", drillBackupPerHour+1, drillBackupPerHour)
	}
	ins.must(t, wire.Command{Kind: sim.CmdCommsRestore, Index: drillFinRus})
	fin.commsCut(t, false)
	lostAt := made(lost)
	fin.await(t, "an hour and a half after the restore", func(p *party) bool { return p.tick > lostAt+5400 })

	close(stop)
	for _, p := range []*party{fin, rus, eu, ins} {
		<-p.done
	}
	if len(eu.leaks) > 0 {
		t.Errorf("EU saw what it must not: %q", eu.leaks)
	}
	if _, ok := rus.event(sim.EvReport, lost); ok {
		t.Errorf("report %d, lost to the cut, reached RUS", lost)
	}
	// The backup never carried more than its capacity in a clock hour.
	perHour := map[int32]int{}
	delivered := 0
	for _, r := range ins.reqs {
		if r.Backup {
			perHour[(r.Made+20*3600)/3600]++ // the drill starts at 20:00, 1 s ticks
		}
		if r.State == sim.ReqDelivered {
			delivered++
		}
	}
	for h, n := range perHour {
		if n > drillBackupPerHour {
			t.Errorf("the backup carried %d messages in hour %d, more than %d", n, h, drillBackupPerHour)
		}
	}
	evs := replayedEvents(t, ts, dir, id)
	if n := replayed(evs, sim.EvReport, drillRUS, ""); n != delivered || n < len(queued)+len(backed) {
		t.Errorf("the replay has %d report events for RUS; %d reports were delivered, %d of them queued and %d by the backup",
			n, delivered, len(queued), len(backed))
	}
	if n := replayed(evs, sim.EvLost, drillFIN, ""); n != 1 {
		t.Errorf("the replay has %d lost events for FIN, want 1", n)
	}
}

// TestReadmissionAndCommissionAtTheWire: FIN's vehicle apprehends a group
// that came from Russia and FIN asks RUS, by the websocket clients of two
// trainees, to take the persons back at Nuijamaa; the request reaches RUS
// after the link's five minutes with the persons and the checkpoint, RUS
// grants it, and the vehicle hands them over there: FIN has its
// readmitted event, RUS its readmission_in, both pictures the request
// granted. On the joint commission's channel FIN's line reaches RUS and
// the white cell; EU, party to neither the request nor the commission,
// sees none of it, its own line to that commission is refused and so is
// one to fin-eu, which names none; a line while the link is cut is not
// delivered. The recording keeps the lines (the lost one marked),
// verifies, and its replay has the request and both events.
func TestReadmissionAndCommissionAtTheWire(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a simulated hour or more")
	}
	ts, dir, id, stop, join := coopRun(t, 7, linkDrill)
	fin, rus, eu, ins := join("FIN", nil), join("RUS", nil), join("EU", outsider), join("", nil)

	// The vehicle intercepts FIN's tracks until it escorts a group.
	veh := fin.unitOf(sim.Vehicle)
	unit := func(p *party) sim.UnitView {
		i := slices.IndexFunc(p.units, func(u sim.UnitView) bool { return u.ID == veh.ID })
		return p.units[i]
	}
	var persons int
	for range 20 {
		if a := fin.do(t, wire.Command{Kind: sim.CmdIntercept, Unit: veh.ID, Track: fin.fresh(t)}); !a.Accepted {
			continue
		}
		fin.mu.Lock()
		from := fin.tick + 2 // a frame after the one the order was applied in
		fin.mu.Unlock()
		fin.await(t, "the intercept's end", func(p *party) bool {
			u := unit(p)
			persons = u.Custody
			return u.Custody > 0 || (p.tick > from && u.Order != sim.OrderIntercept)
		})
		if persons > 0 {
			break
		}
	}
	if persons == 0 {
		t.Fatal("FIN's vehicle apprehended no one in 20 intercepts")
	}
	fin.refused(t, wire.Command{Kind: sim.CmdReadmission, Unit: veh.ID, ToTeam: drillEU, Index: -1}, sim.ReasonNotFromThere)
	fin.refused(t, wire.Command{Kind: sim.CmdReadmission, Unit: veh.ID, ToTeam: drillRUS, Index: 7}, sim.ReasonNoCheckpoint)
	ins.refused(t, wire.Command{Kind: sim.CmdReadmission, Unit: veh.ID, ToTeam: drillRUS, Index: -1}, sim.ReasonTeamOnly)
	fin.must(t, wire.Command{Kind: sim.CmdReadmission, Unit: veh.ID, ToTeam: drillRUS, Index: -1, Text: "no asylum claim"})
	req := fin.sent(t)
	fin.refused(t, wire.Command{Kind: sim.CmdReadmission, Unit: veh.ID, ToTeam: drillRUS, Index: -1}, sim.ReasonReadmitPending)
	var ev sim.Event
	rus.await(t, "the readmission request at RUS", func(p *party) bool { var ok bool; ev, ok = p.event(sim.EvRequest, req); return ok })
	rus.mu.Lock()
	r, _ := rus.request(req)
	rus.mu.Unlock()
	cp := r.Checkpoint // the map's name, Nuijamaa–Brusnichnoye
	if ev.Text != sim.ReqReadmission.String() || ev.Tick-r.Made != 300 || r.Persons != persons || !strings.HasPrefix(cp, "Nuijamaa") || r.Asylum ||
		!strings.Contains(ev.Message, fmt.Sprintf("%d persons at %s", persons, cp)) {
		t.Errorf("RUS's request event %+v and request %+v: want %d persons at Nuijamaa, 300 ticks after it was made", ev, r, persons)
	}
	rus.must(t, wire.Command{Kind: sim.CmdAnswer, Index: int(req), Count: int(sim.AnsGrant)})
	fin.await(t, "the persons handed over", func(p *party) bool {
		_, ok := p.event(sim.EvReadmitted, 0)
		return ok && unit(p).Custody == 0
	})
	rus.await(t, "the persons taken back", func(p *party) bool {
		e, ok := p.event(sim.EvReadmissionIn, req)
		return ok && e.Text == cp && e.Message == fmt.Sprintf("%d persons", persons)
	})
	for _, p := range []*party{fin, rus, ins} {
		p.await(t, "the request granted", func(p *party) bool { r, ok := p.request(req); return ok && r.State == sim.ReqGranted })
	}

	// The joint commission's channel.
	line := func(p *party, ch wire.Channel, agreement, text string) {
		p.c.send(&wire.Chat{Channel: ch, Agreement: agreement, Text: text})
	}
	heardFrom := func(p *party, from, text string) bool {
		return slices.ContainsFunc(p.chats, func(h heard) bool { return strings.HasPrefix(h.line.From, from) && strings.Contains(h.line.Text, text) })
	}
	line(fin, wire.ChanCommission, "fin-rus", "the commissioners meet at Nuijamaa at 10:00")
	for _, p := range []*party{rus, ins} {
		p.await(t, "FIN's commission line", func(p *party) bool {
			return slices.ContainsFunc(p.chats, func(h heard) bool {
				return h.line.Channel == wire.ChanCommission && h.line.Agreement == "fin-rus" && strings.HasPrefix(h.line.From, "FIN/") &&
					h.line.Text == "the commissioners meet at Nuijamaa at 10:00"
			})
		})
	}
	line(eu, wire.ChanCommission, "fin-rus", "may we sit in?")
	eu.await(t, "EU's line refused", func(p *party) bool { return heardFrom(p, "server", "your team is not party to agreement fin-rus") })
	line(eu, wire.ChanCommission, "fin-eu", "a commission of ours?")
	eu.await(t, "EU's fin-eu line refused", func(p *party) bool { return heardFrom(p, "server", "agreement fin-eu names no joint commission") })
	ins.must(t, wire.Command{Kind: sim.CmdCommsCut, Index: drillFinRus, For: 600})
	fin.commsCut(t, true)
	line(fin, wire.ChanCommission, "fin-rus", "are you there?")
	fin.await(t, "the line during the cut refused", func(p *party) bool { return heardFrom(p, "server", "the comms of agreement fin-rus are cut") })

	close(stop)
	for _, p := range []*party{fin, rus, eu, ins} {
		<-p.done
	}
	if len(eu.leaks) > 0 {
		t.Errorf("EU saw what it must not: %q", eu.leaks)
	}
	if heardFrom(rus, "FIN/", "are you there?") {
		t.Error("the line sent during the cut reached RUS")
	}
	evs := replayedEvents(t, ts, dir, id)
	checkReplayed(t, evs, []replayCount{
		{sim.EvRequest, drillRUS, "readmission", 1},
		{sim.EvAnswer, drillFIN, "grant", 1},
		{sim.EvReadmissionIn, drillRUS, cp, 1},
		{sim.EvReadmitted, drillFIN, cp, 1},
		{sim.EvRequest, drillEU, "", 0},
		{sim.EvReadmissionIn, drillEU, "", 0},
	})
	rec, err := recording.Open(filepath.Join(dir, id+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, c := range rec.Chats {
		if c.Channel == "commission" {
			kept = append(kept, fmt.Sprintf("%s %d %s %q", c.Agreement, c.Team, c.Lost, c.Text))
		}
	}
	want := []string{`fin-rus 0  "the commissioners meet at Nuijamaa at 10:00"`, `fin-rus 0 comms cut "are you there?"`}
	if !slices.Equal(kept, want) {
		t.Errorf("the recording's commission lines:\n%s\nwant\n%s", strings.Join(kept, "\n"), strings.Join(want, "\n"))
	}
}
