package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
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

// created is the API's answer to a new exercise, with its control code.
type created struct {
	ID      string            `json:"id"`
	Codes   map[string]string `json:"codes"`
	Control string            `json:"control"`
}

// createWithControl makes an exercise through the API and returns its id,
// codes and control code.
func createWithControl(t *testing.T, ts *testServer, body string) created {
	t.Helper()
	status, b := ts.post(t, "/api/exercises", token, running(t, body))
	if status != http.StatusCreated {
		t.Fatalf("POST /api/exercises: %d %s", status, b)
	}
	var r created
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if r.Control == "" || len(r.Control) < 26 {
		t.Fatalf("the exercise has no control code of 128 bits: %q", r.Control)
	}
	return r
}

// issue asks the API for a code with auth (a token or a control code).
func issue(t *testing.T, ts *testServer, id, auth string, req server.CodeRequest) (int, server.Code) {
	t.Helper()
	status, b := ts.post(t, "/api/exercises/"+id+"/codes", auth, jsonBody(req))
	var c server.Code
	if status == http.StatusCreated {
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatal(err)
		}
	}
	return status, c
}

// mustIssue issues a code or fails.
func mustIssue(t *testing.T, ts *testServer, id, auth string, req server.CodeRequest) string {
	t.Helper()
	status, c := issue(t, ts, id, auth, req)
	if status != http.StatusCreated || c.Code == "" {
		t.Fatalf("issuing %+v: %d %+v", req, status, c)
	}
	return c.Code
}

// staffLog is what a trainee or an observer saw of the evaluators: any
// observation, or a text of one, is a leak.
type staffLog struct {
	frames int
	leaks  []string
	err    error
}

// watchForObservations reads c until stop, noting every observation or
// evaluator's text it receives in any message.
func watchForObservations(c *conn, stop <-chan struct{}, marker string, log *staffLog) {
	log.err = readUntil(c, stop, func(m wire.Message) {
		switch m := m.(type) {
		case *wire.Observation:
			log.leaks = append(log.leaks, fmt.Sprintf("observation %q", m.Text))
		case *wire.Chat:
			if strings.Contains(m.Text, marker) {
				log.leaks = append(log.leaks, "chat "+m.Text)
			}
		case *wire.Events:
			for _, e := range m.Events {
				if strings.Contains(e.Text+e.Message, marker) {
					log.leaks = append(log.leaks, "event "+e.Message)
				}
			}
		case *wire.Keyframe, *wire.Delta:
			log.frames++
		}
	})
}

// TestEvaluatorAtTheWire is issue 13's done-when for the evaluator: the
// white cell joins with the exercise's own control code, issues an
// evaluator's code from the API, the evaluator joins with it (ground truth
// and the MSEL) and sends three observations over three simulated hours;
// the white cell receives them, the recording keeps them, the review
// lists them in its evaluation rows beside the draft rating, and no
// trainee or observer ever receives one.
func TestEvaluatorAtTheWire(t *testing.T) {
	const hours = 3
	dir := t.TempDir()
	ts := newServer(t, server.Config{DataDir: dir, CheckpointEvery: 600})
	x := createWithControl(t, ts, jsonBody(map[string]any{"scenario": scenario, "speed": 1000, "seed": 4}))
	if status, _ := issue(t, ts, x.ID, x.Codes["MIG"], server.CodeRequest{Role: "evaluator"}); status != http.StatusUnauthorized {
		t.Errorf("a trainee's code issued a code: %d", status)
	}
	evalCode := mustIssue(t, ts, x.ID, x.Control, server.CodeRequest{Role: "evaluator", Label: "Eva"})

	ins := join(t, ts, x.Control, "")
	if ins.welcome.Role != wire.RoleInstructor || ins.welcome.Team != sim.Instructor || len(ins.welcome.MSEL) == 0 {
		t.Fatalf("the control code joined as %s of team %d with %d MSEL rows", ins.welcome.Role, ins.welcome.Team, len(ins.welcome.MSEL))
	}
	ev := join(t, ts, evalCode, "")
	if ev.welcome.Role != wire.RoleEvaluator || ev.welcome.Team != sim.Instructor || len(ev.welcome.MSEL) != len(ins.welcome.MSEL) {
		t.Fatalf("the evaluator joined as %s of team %d with %d MSEL rows", ev.welcome.Role, ev.welcome.Team, len(ev.welcome.MSEL))
	}
	watchers := []*conn{join(t, ts, x.Codes["MIG"], ""), join(t, ts, x.Codes["PONAL"], ""), join(t, ts, x.Codes["GNB"], ""),
		join(t, ts, x.Codes["observer"], "")}
	const marker = "EVAL-NOTE"
	stop := make(chan struct{})
	logs := make([]staffLog, len(watchers))
	var wg sync.WaitGroup
	for i, c := range watchers {
		wg.Add(1)
		go func() { defer wg.Done(); watchForObservations(c, stop, marker, &logs[i]) }()
	}
	defer func() {
		select {
		case <-stop:
		default:
			close(stop)
		}
	}()

	obs := []wire.Observation{
		{ID: 1, Subject: wire.SubjectInject, Ref: "C1", Rating: wire.RatingS, Text: marker + " lanes opened late"},
		{ID: 2, Subject: wire.SubjectObjective, Ref: "share", Rating: wire.RatingM, Text: marker + " tracks passed by radio only"},
		{ID: 3, Subject: wire.SubjectTeam, Ref: "GNB", Rating: wire.RatingP, Text: marker + " far bank covered"},
	}
	// Refused: a bad reference, and observations from anyone but an evaluator.
	ev.send(&wire.Observation{ID: 9, Subject: wire.SubjectObjective, Ref: "nonesuch", Rating: wire.RatingP, Text: marker})
	if a := ev.ack(9); a.Accepted || a.Reason != server.ReasonNoObjective {
		t.Errorf("observation of an unknown objective: %+v", a)
	}
	ins.send(&wire.Observation{ID: 10, Subject: wire.SubjectTeam, Ref: "GNB", Rating: wire.RatingP, Text: marker})
	if a := ins.ack(10); a.Accepted || a.Reason != server.ReasonNotEvaluator {
		t.Errorf("observation from the white cell: %+v", a)
	}
	got := map[string]*wire.Observation{}
	tickSeconds := int32(ins.welcome.TickSeconds)
	deadline := time.Now().Add(3 * time.Minute)
	for h := range hours {
		for ev.mirror.View().Tick < int32(h*3600+1800)/tickSeconds && time.Now().Before(deadline) {
			ev.read()
			if m := ins.read(); m.Type() == wire.TypeObservation {
				t.Fatalf("the white cell received an observation before one was sent: %+v", m)
			}
		}
		o := obs[h]
		ev.send(&o)
		if a := ev.ack(o.ID); !a.Accepted {
			t.Fatalf("observation %d refused: %s", o.ID, a.Reason)
		}
		m := ins.next(func(m wire.Message) bool { r, ok := m.(*wire.Observation); return ok && r.Ref == o.Ref })
		got[o.Ref] = m.(*wire.Observation)
	}
	for ins.mirror.View().Tick < hours*3600/tickSeconds && time.Now().Before(deadline) {
		ins.read()
		ev.read()
	}
	if tick := ins.mirror.View().Tick; tick < hours*3600/tickSeconds {
		t.Fatalf("the exercise reached only tick %d in 3 minutes", tick)
	}
	close(stop)
	wg.Wait()
	for i, o := range obs {
		r := got[o.Ref]
		if r.Text != o.Text || r.Rating != o.Rating || r.Subject != o.Subject || r.From != "EVAL/tester" ||
			r.Tick < int32(i*3600+1800)/tickSeconds {
			t.Errorf("the white cell received %+v for %+v", r, o)
		}
	}
	for i, log := range logs {
		if log.frames < 50 {
			t.Fatalf("watcher %d (%s): only %d frames (%v)", i, watchers[i].welcome.Role, log.frames, log.err)
		}
		if len(log.leaks) > 0 {
			t.Errorf("%s of team %d received the evaluator's: %v", watchers[i].welcome.Role, watchers[i].welcome.Team, log.leaks[:min(5, len(log.leaks))])
		}
	}

	ts.StopExercise(x.ID)
	rec, err := recording.Open(filepath.Join(dir, x.ID+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := recording.Verify(rec); err != nil {
		t.Fatalf("replay --verify: %v", err)
	}
	if len(rec.Observations) != 3 {
		t.Fatalf("%d observations recorded, want 3: %+v", len(rec.Observations), rec.Observations)
	}
	r, err := aar.Build(rec, aar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Observations) != 3 {
		t.Errorf("the review lists %d observations, want 3", len(r.Observations))
	}
	i := slices.IndexFunc(r.Injects, func(in aar.Inject) bool { return in.ID == "C1" })
	if i < 0 || len(r.Injects[i].Observations) != 1 {
		t.Fatalf("the review's C1 row has no observation: %+v", r.Injects)
	}
	row := r.Injects[i]
	if o := row.Observations[0]; o.Rating != "S" || o.Text != obs[0].Text || o.Time == "" || row.Rating == "" {
		t.Errorf("C1's evaluation row: draft %q, observation %+v", row.Rating, o)
	}
	var page strings.Builder
	if err := aar.Page(&page, rec, ""); err != nil {
		t.Fatal(err)
	}
	for _, o := range obs {
		if !strings.Contains(page.String(), o.Text) {
			t.Errorf("the review page does not show %q", o.Text)
		}
	}
}

// TestRolesRefuseControl: a trainee's code and an evaluator's code sending
// every control command kind are refused at the wire, the evaluator's every
// kind at all, and the ground truth the white cell then receives is the
// one before; a nation's controller fires the injects addressed to its
// teams and nothing else.
func TestRolesRefuseControl(t *testing.T) {
	dir := t.TempDir()
	ts := newServer(t, server.Config{DataDir: dir})
	x := createWithControl(t, ts, jsonBody(map[string]any{"scenario": scenario, "speed": 100, "seed": 6, "paused": true}))
	evalCode := mustIssue(t, ts, x.ID, token, server.CodeRequest{Role: "evaluator"})
	colCode := mustIssue(t, ts, x.ID, token, server.CodeRequest{Role: "controller", Nation: "COL"})
	if status, _ := issue(t, ts, x.ID, token, server.CodeRequest{Role: "controller", Nation: "PER"}); status != http.StatusBadRequest {
		t.Errorf("a controller of a nation with no team: %d", status)
	}
	ins := join(t, ts, x.Control, "")
	before := snapshot(t, ins.mirror.View())
	trainee := join(t, ts, x.Codes["PONAL"], "")
	ev := join(t, ts, evalCode, "")
	ctl := join(t, ts, colCode, "")
	if ctl.welcome.Role != wire.RoleController || len(ctl.welcome.MSEL) == 0 {
		t.Fatalf("the controller joined as %s with %d MSEL rows", ctl.welcome.Role, len(ctl.welcome.MSEL))
	}
	unit := before.Units[0]
	kinds := []sim.CommandKind{}
	for k := sim.CmdMove; k < 255; k++ {
		if k.String() != "unknown" {
			kinds = append(kinds, k) // every kind the protocol has, the other issues' ones too
		}
	}
	if !slices.Contains(kinds, sim.CmdSkip) || !slices.Contains(kinds, sim.CmdPostpone) {
		t.Fatalf("kinds %v", kinds)
	}
	id := uint32(0)
	for _, k := range kinds {
		cmd := wire.Command{Kind: k, Unit: unit.ID, Inject: "C5", Speed: 5, ToTeam: 0, Count: 1, Size: 1, Text: "x",
			Target: unit.Pos, Route: []orb.Point{unit.Pos}, On: true}
		for _, c := range []*conn{trainee, ev, ctl} {
			if c == trainee && !k.Control() {
				continue // a trainee's unit orders are the World's to check
			}
			if c == ctl && (k == sim.CmdInject || k == sim.CmdSkip || k == sim.CmdPostpone || k == sim.CmdAgreement) {
				continue // below
			}
			id++
			cmd.ID = id
			c.send(&cmd)
			a := c.ack(id)
			want := map[*conn]string{trainee: sim.ReasonNotInstructor, ev: server.ReasonEvaluator, ctl: server.ReasonController}[c]
			if a.Accepted || a.Reason != want {
				t.Errorf("%s from the %s: %+v, want refused with %q", k, c.welcome.Role, a, want)
			}
		}
	}
	// The white cell's ground truth is as it was: a fresh keyframe.
	ins.send(&wire.Watch{Team: sim.Instructor})
	ins.next(func(m wire.Message) bool { _, ok := m.(*wire.Keyframe); return ok })
	if after := snapshot(t, ins.mirror.View()); !reflect.DeepEqual(after, before) {
		t.Errorf("ground truth changed after refused commands: tick %d → %d", before.Tick, after.Tick)
	}
	// The controller of Colombia: C5 is addressed to PONAL (Colombian),
	// C1 to all teams; a controller of Venezuela may not fire C5.
	venCode := mustIssue(t, ts, x.ID, x.Control, server.CodeRequest{Role: "controller", Nation: "VEN"})
	ven := join(t, ts, venCode, "")
	// Each controller's MSEL lists only the rows addressed to its nation's teams.
	for _, c := range []*conn{ctl, ven} {
		var ids []string
		for _, in := range c.welcome.MSEL {
			ids = append(ids, in.ID)
			if in.Addressee < 0 || c.welcome.Teams[in.Addressee].Country != map[*conn]string{ctl: "COL", ven: "VEN"}[c] {
				t.Errorf("the %s controller's MSEL lists %s, addressed to %d", map[*conn]string{ctl: "COL", ven: "VEN"}[c], in.ID, in.Addressee)
			}
		}
		if slices.Contains(ids, "C5") != (c == ctl) {
			t.Errorf("controller MSEL %v: C5 (to PONAL) belongs to Colombia's alone", ids)
		}
	}
	for _, c := range []struct {
		who    *conn
		inject string
		want   string
	}{{ven, "C5", server.ReasonController}, {ctl, "C1", server.ReasonController}, {ctl, "nonesuch", sim.ReasonNoInject}, {ctl, "C5", ""}} {
		id++
		c.who.send(&wire.Command{ID: id, Kind: sim.CmdInject, Inject: c.inject})
		a := c.who.ack(id)
		if a.Accepted != (c.want == "") || a.Reason != c.want {
			t.Errorf("inject %s from the controller of %d: %+v, want %q", c.inject, c.who.welcome.Team, a, c.want)
		}
	}
	// Agreement changes: bridges is MIG–GNB, colombia MIG–PONAL; a
	// controller changes only the agreements a team of the nation is party to.
	for _, c := range []struct {
		who   *conn
		index int
		terms string
		want  string
	}{{ven, 2, "delay_s=120", server.ReasonControllerTerms}, {ctl, 2, "delay_s=120", ""}, {ven, 0, "share=all", ""}, {ven, 9, "share=all", sim.ReasonNoAgreeIdx}} {
		id++
		c.who.send(&wire.Command{ID: id, Kind: sim.CmdAgreement, Index: c.index, Text: c.terms})
		a := c.who.ack(id)
		if a.Accepted != (c.want == "") || a.Reason != c.want {
			t.Errorf("agreement %d change from the controller of %d: %+v, want %q", c.index, c.who.welcome.Team, a, c.want)
		}
	}
	ts.StopExercise(x.ID)
	rec, err := recording.Open(filepath.Join(dir, x.ID+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var recorded []string
	for _, b := range rec.Batches {
		for _, c := range b.Cmds {
			recorded = append(recorded, c.Kind.String()+"/"+c.Inject+c.Text)
		}
	}
	if want := []string{"speed/", "pause/", "inject/C5", "agreement/delay_s=120", "agreement/share=all", "agreement/share=all"}; !slices.Equal(recorded, want) {
		t.Errorf("recorded commands %v, want only the set-up and the controllers' inject and agreement changes (the one of no agreement the World refuses) %v", recorded, want)
	}
}

// TestRevokedCode: a revoked code's connection is closed with the reason,
// the code can neither join nor rejoin, a new code for the same team can;
// the codes file keeps the revocation for a restart.
func TestRevokedCode(t *testing.T) {
	dir := t.TempDir()
	ts := newServer(t, server.Config{DataDir: dir})
	x := createWithControl(t, ts, jsonBody(map[string]any{"scenario": scenario, "speed": 10, "seed": 7}))
	other := createWithControl(t, ts, jsonBody(map[string]any{"scenario": scenario, "speed": 10, "seed": 8}))
	if status, _ := issue(t, ts, x.ID, other.Control, server.CodeRequest{Role: "evaluator"}); status != http.StatusUnauthorized {
		t.Errorf("another exercise's control code issued a code: %d", status)
	}
	if status, _ := issue(t, ts, x.ID, x.Control, server.CodeRequest{Role: "trainee", Team: "XYZ"}); status != http.StatusBadRequest {
		t.Errorf("a trainee code for no team: %d", status)
	}
	evalCode := mustIssue(t, ts, x.ID, x.Control, server.CodeRequest{Role: "evaluator", Label: "Eva"})
	ev := join(t, ts, evalCode, "")
	mig := join(t, ts, x.Codes["MIG"], "")

	revoke := func(code string) {
		req, _ := http.NewRequest("DELETE", ts.url+"/api/exercises/"+x.ID+"/codes/"+code, nil)
		req.Header.Set("Authorization", "Bearer "+x.Control)
		if status, b := do(t, req); status != http.StatusNoContent {
			t.Fatalf("revoking: %d %s", status, b)
		}
	}
	revoke(evalCode)
	revoke(x.Codes["MIG"])
	for _, c := range []*conn{ev, mig} {
		werr, ce := c.closed()
		if werr == nil || werr.Reason != server.ReasonRevoked || ce.Code != websocket.ClosePolicyViolation {
			t.Errorf("the %s's connection closed with %+v, %v; want 1008 %q", c.welcome.Role, werr, ce, server.ReasonRevoked)
		}
	}
	for _, code := range []string{evalCode, x.Codes["MIG"]} {
		c := dial(t, ts)
		c.send(&wire.Hello{Version: wire.Version, Code: code})
		if werr, ce := c.closed(); werr == nil || ce.Code != websocket.ClosePolicyViolation || !strings.Contains(werr.Reason, "unknown join code") {
			t.Errorf("rejoining with a revoked code: %+v, %v", werr, ce)
		}
	}
	newMIG := mustIssue(t, ts, x.ID, token, server.CodeRequest{Role: "trainee", Team: "MIG"})
	if c := join(t, ts, newMIG, ""); c.welcome.Role != wire.RoleTrainee || c.welcome.Team != 0 {
		t.Errorf("the new MIG code joined as %s of team %d", c.welcome.Role, c.welcome.Team)
	}
	status, b := ts.get(t, "/api/exercises/"+x.ID+"/codes", x.Control)
	var codes []server.Code
	if status != http.StatusOK || json.Unmarshal(b, &codes) != nil {
		t.Fatalf("listing codes: %d %s", status, b)
	}
	roles := map[string]int{}
	revoked := 0
	for _, c := range codes {
		roles[c.Role]++
		if c.Revoked {
			revoked++
		}
	}
	if roles["instructor"] != 1 || roles["trainee"] != 4 || roles["evaluator"] != 1 || roles["observer"] != 1 || revoked != 2 {
		t.Errorf("codes listed: %+v", codes)
	}
	saved, err := os.ReadFile(filepath.Join(dir, x.ID+".codes.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(saved), `"revoked": true`) || !strings.Contains(string(saved), newMIG) {
		t.Errorf("the codes file does not keep the revocation and the new code:\n%s", saved)
	}
	// The white cell's lobby lists the codes, the label, and a revoke
	// button for the live ones.
	req, _ := http.NewRequest("GET", ts.url+"/?lang=en", nil)
	req.AddCookie(&http.Cookie{Name: "borderdrill_token", Value: token})
	if st, page := do(t, req); st != http.StatusOK || !strings.Contains(string(page), newMIG) || !strings.Contains(string(page), "Eva") ||
		strings.Count(string(page), "revokeCode('"+x.ID+"'") != 5 { // live: control, PONAL, GNB, the observer, the new MIG
		t.Errorf("the lobby's codes: %d, %d revoke buttons", st, strings.Count(string(page), "revokeCode('"+x.ID+"'"))
	}

	// After a restart, the revoked codes still cannot join; the others can.
	ts.Close()
	ts2 := newServer(t, server.Config{DataDir: dir})
	if _, err := ts2.ResumeAll(); err != nil {
		t.Fatal(err)
	}
	c := dial(t, ts2)
	c.send(&wire.Hello{Version: wire.Version, Code: evalCode})
	if werr, ce := c.closed(); werr == nil || ce.Code != websocket.ClosePolicyViolation {
		t.Errorf("a revoked code joined after a restart: %+v, %v", werr, ce)
	}
	if c := join(t, ts2, newMIG, ""); c.welcome.Team != 0 {
		t.Errorf("the new MIG code joined team %d after a restart", c.welcome.Team)
	}
	if c := join(t, ts2, x.Control, ""); c.welcome.Role != wire.RoleInstructor {
		t.Errorf("the control code joined as %s after a restart", c.welcome.Role)
	}
}

// snapshot is a deep copy of v, through the wire's keyframe.
func snapshot(t *testing.T, v *sim.View) *sim.View {
	t.Helper()
	m, err := wire.Decode(wire.Encode(&wire.Keyframe{View: *v}))
	if err != nil {
		t.Fatal(err)
	}
	return &m.(*wire.Keyframe).View
}

// TestMSELAtTheWire: the white cell skips one row and postpones another
// over a real websocket; its view and the evaluator's show the live
// states, a trainee's view lists no row that has not fired, and the
// recording replays (replay --verify) to the same table.
func TestMSELAtTheWire(t *testing.T) {
	dir := t.TempDir()
	ts := newServer(t, server.Config{DataDir: dir})
	x := createWithControl(t, ts, jsonBody(map[string]any{"scenario": scenario, "speed": 100, "seed": 9, "paused": true}))
	ins := join(t, ts, x.Control, "")
	ev := join(t, ts, mustIssue(t, ts, x.ID, token, server.CodeRequest{Role: "evaluator"}), "")
	ponal := join(t, ts, x.Codes["PONAL"], "")
	hour := int32(3600 / ins.welcome.TickSeconds)
	for i, cmd := range []wire.Command{
		{Kind: sim.CmdSkip, Inject: "C3"},
		{Kind: sim.CmdPostpone, Inject: "C2", For: hour},
		{Kind: sim.CmdPostpone, Inject: "C4", For: hour},
	} {
		cmd.ID = uint32(i + 1)
		ins.send(&cmd)
		a := ins.ack(cmd.ID)
		if want := i < 2; a.Accepted != want {
			t.Errorf("%s %s: %+v", cmd.Kind, cmd.Inject, a)
		}
	}
	c2 := slices.IndexFunc(ins.welcome.MSEL, func(in sim.InjectView) bool { return in.ID == "C2" })
	want := map[string]sim.RowStatus{"C2": sim.RowPostponed, "C3": sim.RowSkipped, "C4": sim.RowPending, "C5": sim.RowPending}
	table := func(v *sim.View) map[string]sim.RowStatus {
		out := map[string]sim.RowStatus{}
		for _, in := range v.Injects {
			if _, ok := want[in.ID]; ok {
				out[in.ID] = in.Status
			}
			if in.ID == "C2" && in.At != ins.welcome.MSEL[c2].At+hour {
				t.Errorf("C2 due at %d, want %d", in.At, ins.welcome.MSEL[c2].At+hour)
			}
		}
		return out
	}
	for _, c := range []*conn{ins, ev} {
		c.next(func(m wire.Message) bool {
			_, ok := m.(*wire.Delta)
			return ok && reflect.DeepEqual(table(c.mirror.View()), want)
		})
	}
	ponal.next(func(m wire.Message) bool { _, ok := m.(*wire.Delta); return ok })
	for _, in := range ponal.mirror.View().Injects {
		if in.Status != sim.RowFired || !in.Fired {
			t.Errorf("a trainee's view lists row %s %s", in.ID, in.Status)
		}
	}
	ts.StopExercise(x.ID)
	rec, err := recording.Open(filepath.Join(dir, x.ID+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := recording.Verify(rec)
	if err != nil {
		t.Fatalf("replay --verify: %v", err)
	}
	var v sim.View
	w.ViewInto(sim.Instructor, &v)
	if got := table(&v); !reflect.DeepEqual(got, want) {
		t.Errorf("the replayed MSEL: %v, want %v", got, want)
	}
	r, err := aar.Build(rec, aar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range r.Injects {
		if s, ok := want[in.ID]; ok && in.Status != s.String() {
			t.Errorf("the review's row %s: %s, want %s", in.ID, in.Status, s)
		}
	}
}
