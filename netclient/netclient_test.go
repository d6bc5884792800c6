package netclient_test

import (
	"context"
	"errors"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/internal/servertest"
	"github.com/borderdrill/borderdrill/netclient"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/paulmach/orb"
)

const token = "netclient-test-token-0123456789ab"

// Team indexes of col-ven-cucuta-bridges.
const (
	teamPONAL = 1
	teamGNB   = 2
)

// conns remembers the server side of every accepted connection, so that a
// test can drop them all.
type conns struct {
	net.Listener
	mu sync.Mutex
	cs []net.Conn
}

func (l *conns) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.mu.Lock()
		l.cs = append(l.cs, c)
		l.mu.Unlock()
	}
	return c, err
}

func (l *conns) dropAll() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range l.cs {
		c.Close()
	}
	l.cs = nil
}

// fixture is a real server with one col-ven exercise.
type fixture struct {
	*servertest.Server
	url   string
	ln    *conns
	id    string
	codes map[string]string
}

func setup(t *testing.T, speed int) *fixture {
	t.Helper()
	return setupWeb(t, speed, "")
}

func setupWeb(t *testing.T, speed int, web string) *fixture {
	t.Helper()
	var ln *conns
	srv := servertest.Start(t, server.Config{InstructorToken: token, WebDir: web}, func(l net.Listener) net.Listener {
		ln = &conns{Listener: l}
		return ln
	})
	info := srv.Exercise(t, "col-ven-cucuta-bridges", speed)
	return &fixture{Server: srv, url: srv.URL, ln: ln, id: info.ID, codes: info.Codes}
}

// dial joins for the rest of the test.
func dial(t *testing.T, f *fixture, code, exercise string) *netclient.Client {
	t.Helper()
	return f.Join(t, code, exercise, "nc")
}

// hang bounds every wait of these tests. It guards against a hang only:
// what takes a tenth of a second on an idle machine can take many seconds
// under -race on a busy one.
const hang = 60 * time.Second

// await polls c until cond holds for a polled view and its events,
// collecting the events, or fails after hang.
func await(t *testing.T, c *netclient.Client, cond func(v *sim.View, evs []sim.Event) bool) (*sim.View, []sim.Event) {
	t.Helper()
	var all []sim.Event
	deadline := time.After(hang)
	for {
		upd := c.Updated()
		v, evs, _ := c.Poll()
		all = append(all, evs...)
		if v != nil && cond(v, all) {
			return v, all
		}
		select {
		case <-upd:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			t.Fatalf("timed out; stats %+v", c.Stats())
		}
	}
}

func TestJoinPollAndCommand(t *testing.T) {
	f := setup(t, 50)
	pon := dial(t, f, f.codes["PONAL"], "")
	gnb := dial(t, f, f.codes["GNB"], "")

	in := pon.Info()
	if in.Team != teamPONAL || in.Scenario != "col-ven-cucuta-bridges" || in.Map == nil || in.Map.Name != "col-ven" ||
		len(in.Teams) != 3 || in.Teams[teamPONAL].ID != "PONAL" || len(in.Injects) != 0 || in.TickSeconds != 1 {
		t.Fatalf("info %+v", in)
	}
	v, _ := await(t, pon, func(v *sim.View, _ []sim.Event) bool { return v.Tick > 20 })
	if v.Team != teamPONAL || len(v.Units) == 0 || len(v.Crossers) != 0 {
		t.Fatalf("view: team %d, %d units, %d crossers", v.Team, len(v.Units), len(v.Crossers))
	}
	own := v.Units[0]
	gv, _ := await(t, gnb, func(v *sim.View, _ []sim.Event) bool { return len(v.Units) > 0 })
	other := gv.Units[0].ID

	okID := pon.SendCommand(sim.Command{Kind: sim.CmdMove, Unit: own.ID, Target: orb.Point{own.Pos[0] + 200, own.Pos[1]}})
	badID := pon.SendCommand(sim.Command{Kind: sim.CmdMove, Unit: other, Target: own.Pos, Team: teamGNB})
	pauseID := pon.SendCommand(sim.Command{Kind: sim.CmdPause, Team: sim.Instructor})
	outcome := func(evs []sim.Event, id uint32) (sim.Event, bool) {
		i := slices.IndexFunc(evs, func(e sim.Event) bool {
			return e.CmdID == id && (e.Kind == sim.EvAccepted || e.Kind == sim.EvRejected)
		})
		if i < 0 {
			return sim.Event{}, false
		}
		return evs[i], true
	}
	_, evs := await(t, pon, func(_ *sim.View, evs []sim.Event) bool {
		_, a := outcome(evs, okID)
		_, b := outcome(evs, badID)
		_, c := outcome(evs, pauseID)
		return a && b && c
	})
	if e, _ := outcome(evs, okID); e.Kind != sim.EvAccepted {
		t.Errorf("own unit's order: %+v", e)
	}
	if e, _ := outcome(evs, badID); e.Kind != sim.EvRejected || e.Text != sim.ReasonNotYourUnit {
		t.Errorf("order for GNB's unit (claiming to be GNB): %+v", e)
	}
	if e, _ := outcome(evs, pauseID); e.Kind != sim.EvRejected || e.Text != sim.ReasonNotInstructor {
		t.Errorf("pause from a trainee (claiming to be the instructor): %+v", e)
	}
}

// TestReconnect drops every connection on the server side and checks that
// the client receives views again, from a fresh keyframe, having waited
// less than 2 s between its attempts (the time it took is logged, not
// asserted: on a loaded machine it is the machine's).
func TestReconnect(t *testing.T) {
	f := setup(t, 20)
	ins := dial(t, f, token, f.id)
	ins.SetViewTeam(teamGNB)
	await(t, ins, func(v *sim.View, _ []sim.Event) bool { return v.Team == teamGNB })

	for i := range 3 {
		v, _, _ := ins.Poll()
		tick := v.Tick
		before := ins.Stats()
		start := time.Now()
		f.ln.dropAll()
		v, _ = await(t, ins, func(v *sim.View, _ []sim.Event) bool {
			return ins.Stats().Reconnects > before.Reconnects && v.Tick > tick
		})
		after := ins.Stats()
		t.Logf("drop %d: views again after %v (backoff %v)", i, time.Since(start), after.Backoff-before.Backoff)
		if w := after.Backoff - before.Backoff; w >= 2*time.Second {
			t.Errorf("drop %d: the client waited %v between attempts, want < 2 s", i, w)
		}
		if s := ins.Stats(); s.Keyframes <= before.Keyframes {
			t.Error("no keyframe after reconnecting")
		}
		if v.Team != teamGNB {
			t.Errorf("after reconnecting the instructor sees team %d, want GNB (the view chosen before)", v.Team)
		}
	}
	// Commands still work after reconnecting.
	id := ins.SendCommand(sim.Command{Kind: sim.CmdSpeed, Speed: 30})
	await(t, ins, func(v *sim.View, evs []sim.Event) bool {
		return slices.ContainsFunc(evs, func(e sim.Event) bool { return e.CmdID == id && e.Kind == sim.EvAccepted })
	})
}

func TestChat(t *testing.T) {
	f := setup(t, 10)
	a := dial(t, f, f.codes["PONAL"], "")
	b := dial(t, f, f.codes["GNB"], "")
	if err := a.Chat(wire.ChanLiaison, "trochas", "group at km 4"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(hang)
	var got []wire.Chat
	for time.Now().Before(deadline) && len(got) == 0 {
		got = b.Chats()
		time.Sleep(20 * time.Millisecond)
	}
	if len(got) != 1 || got[0].Text != "group at km 4" || got[0].From != "PONAL/nc" || got[0].Channel != wire.ChanLiaison {
		t.Errorf("GNB received %+v", got)
	}
}

// TestDialContext ends Dial's ctx and checks that the client stops: its
// loop ends, it stops reconnecting, the server sees it leave, and commands
// are refused as not connected.
func TestDialContext(t *testing.T) {
	f := setup(t, 20)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, err := netclient.Dial(ctx, netclient.Options{URL: f.url, Code: f.codes["GNB"], Name: "nc"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	clients := func() int {
		x, ok := f.Info(f.id)
		if !ok {
			t.Fatal("the exercise is gone")
		}
		return x.Clients
	}
	// The server counts the client once it has stepped with it.
	await(t, c, func(*sim.View, []sim.Event) bool { return clients() == 1 })

	cancel()
	select {
	case <-c.Done():
	case <-time.After(hang):
		t.Fatal("the client keeps running after its ctx is done")
	}
	if s := c.Stats(); s.Connected || !errors.Is(s.Err, context.Canceled) {
		t.Errorf("after the ctx: connected %v, err %v; want disconnected, context.Canceled", s.Connected, s.Err)
	}
	for deadline := time.Now().Add(hang); clients() != 0; {
		if time.Now().After(deadline) {
			t.Fatalf("the server still counts %d clients", clients())
		}
		time.Sleep(10 * time.Millisecond) // the server publishes its count every tick
	}
}

func TestRefused(t *testing.T) {
	f := setup(t, 10)
	_, err := netclient.Dial(context.Background(), netclient.Options{URL: f.url, Code: "wrong"})
	if !errors.Is(err, netclient.ErrRefused) {
		t.Errorf("bad code: %v, want ErrRefused", err)
	}
	// Stopping the exercise ends the client: its code is no longer valid.
	c := dial(t, f, f.codes["observer"], "")
	f.StopExercise(f.id)
	select {
	case <-c.Done():
		if err := c.Stats().Err; !errors.Is(err, netclient.ErrRefused) {
			t.Errorf("after the exercise stopped: %v", err)
		}
	case <-time.After(hang):
		t.Error("the client keeps running after its exercise stopped")
	}
}
