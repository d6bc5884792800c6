package server

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/gorilla/websocket"
)

// exercise is one running exercise. Its goroutine (run) owns the World and
// every field below "owned by run"; other goroutines reach it only through
// its request queue, calls: functions that run on the loop, one at a time
// (the shape of Nakama's match handler).
type exercise struct {
	srv     *Server
	id      string
	sc      *sim.Scenario
	seed    uint64
	created time.Time
	rec     Recorder
	origin  *recording.Origin // the recording and tick it was branched from
	review  *review           // set for a review session (review.go); owned by run

	calls chan func()   // bounded; see do and try
	stop  chan struct{} // closed by close
	done  chan struct{} // closed when run returns

	stopOnce sync.Once

	// Owned by run.
	w        *sim.World
	stepper  recording.Stepper // records, then steps w
	halted   error             // the recording failed: the clock stands (see step)
	clients  []*client
	streams  map[int]*stream // by view team: team index, sim.Instructor, wire.Observer
	pending  []sim.Command
	owners   map[uint32]owner // commands in flight by server id
	lastID   uint32
	events   []sim.Event // since the last broadcast
	stepMax  time.Duration
	dirty    bool // the World changed since the last broadcast
	view     sim.View
	obsView  sim.View // the observers' view, built from scratch
	scratch  sim.View
	held     []heldChat     // liaison lines on their way over a degraded link (coopchat.go)
	lastSent time.Time      // of the last broadcast
	audience map[int][]byte // encoded Events by audience, for one broadcast
	ticker   Ticker         // steps the World; nil while paused
	tickC    <-chan time.Time
	paused   bool // of the ticker
	speed    int  // of the ticker; -1 before the first retime

	presence []byte // the encoded wire.Presence of the clients joined now (presence.go)

	mu     sync.Mutex // guards the fields below
	stat   status
	access []Code // every code of the exercise (roles.go)
}

// status is what the lobby shows of a running exercise.
type status struct {
	clients int
	tick    int32
	paused  bool
	speed   int
	halted  string
}

// stream is one view stream (a team's, the instructor's or the
// observers'), shared by every client that follows it.
type stream struct {
	team    int
	s       wire.Stream
	clients []*client
}

// owner is who sent a command in flight.
type owner struct {
	c  *client
	id uint32 // the client's own id
}

// do runs f on the exercise's loop, waiting for room in its queue; it
// reports false when the exercise has stopped.
func (x *exercise) do(f func()) bool {
	select {
	case x.calls <- f:
		return true
	case <-x.done:
		return false
	}
}

// try queues f for the loop if there is room, and reports whether there
// was.
func (x *exercise) try(f func()) bool { return offer(x.calls, f) }

func (x *exercise) nextID() uint32 {
	x.lastID++
	return x.lastID
}

func (x *exercise) close() {
	x.stopOnce.Do(func() { close(x.stop) })
}

func (x *exercise) info() ExerciseInfo {
	in := ExerciseInfo{ID: x.id, Scenario: x.sc.Name, Seed: x.seed, Created: x.created, BranchOf: x.origin}
	x.mu.Lock()
	st := x.stat
	x.codesLocked(&in)
	x.mu.Unlock()
	in.Clients, in.Tick, in.Paused, in.Speed, in.Halted = st.clients, st.tick, st.paused, st.speed, st.halted
	if x.sc.Map != nil {
		in.Map = x.sc.Map.Name
	}
	for _, t := range x.sc.Teams {
		in.Teams = append(in.Teams, t.ID)
	}
	if x.review != nil {
		in.Review = &ReviewInfo{Recording: x.review.from, Duration: x.review.duration}
	}
	return in
}

// publish copies the lobby's status from the World; run only.
func (x *exercise) publish() {
	paused, speed := x.playback()
	st := status{clients: len(x.clients), tick: x.w.Tick(), paused: paused || x.halted != nil, speed: speed}
	if x.halted != nil {
		st.halted = x.halted.Error()
	}
	x.mu.Lock()
	x.stat = st
	x.mu.Unlock()
}

// welcome is the Welcome message for a client of team; a controller's
// MSEL lists only the rows addressed to the teams of its nation.
func (x *exercise) welcome(team int, role wire.Role, nation []int) *wire.Welcome {
	w := &wire.Welcome{
		Version: wire.Version, Exercise: x.id, Team: team, Role: role, Scenario: x.sc.Name,
		TickSeconds: max(x.sc.TickSeconds, 1), StartSecond: x.sc.StartSecond,
	}
	if x.sc.Map != nil {
		w.Map = x.sc.Map.Name
	}
	if x.review != nil {
		w.Review, w.Recording, w.Duration = true, x.review.from, x.review.duration
	}
	for _, t := range x.sc.Teams {
		w.Teams = append(w.Teams, wire.TeamInfo{ID: t.ID, Name: t.Name, Country: t.Country, Base: t.Base})
	}
	for _, a := range x.sc.Agreements {
		w.Zones = append(w.Zones, a.JointZones...)
	}
	if x.sc.Map != nil {
		for _, t := range x.sc.Map.Towns {
			// the scenario's places: key (maps.Map.WithTowns, WithLabels)
			if t.Pop == 0 || t.Label != "" {
				w.Places = append(w.Places, wire.Place{Name: t.Name, Pos: t.Pos, Label: t.Label})
			}
		}
	}
	if staff(role) {
		for _, j := range x.sc.Injects {
			if role == wire.RoleController && !slices.Contains(nation, j.Addressee) {
				continue
			}
			at := j.At
			if j.Trigger != sim.TriggerTime {
				at = -1
			}
			status := sim.RowPending
			if j.Contingency != "" {
				status = sim.RowContingency
			}
			w.MSEL = append(w.MSEL, sim.InjectView{ID: j.ID, Synopsis: j.Synopsis, Message: j.Message,
				Expected: j.Expected, Addressee: j.Addressee, At: at, Status: status})
		}
	}
	return w
}

// run is the exercise's goroutine: it steps the World at the exercise's
// speed, runs the requests of its queue (joins, commands, chat, control…)
// and broadcasts views, and never blocks on a client.
func (x *exercise) run(ctx context.Context) {
	defer func() {
		x.srv.remove(x)
		close(x.done)
	}()
	x.streams = make(map[int]*stream)
	x.owners = make(map[uint32]owner)
	x.audience = make(map[int][]byte)

	bc := x.srv.cfg.NewTicker(x.srv.cfg.Broadcast)
	defer bc.Stop()
	x.speed = -1
	x.retime()
	defer func() {
		if x.ticker != nil {
			x.ticker.Stop()
		}
		for _, c := range x.clients {
			c.closeWith(websocket.CloseGoingAway, "exercise stopped")
		}
		x.srv.metrics.clients.Sub(float64(len(x.clients)))
		x.clients = nil
		if x.review == nil {
			// A last checkpoint, so a replay reaches the final tick.
			if err := x.stepper.Finish(); err != nil {
				x.srv.log.Error("recording", "exercise", x.id, "err", err)
			}
		}
		if cl, ok := x.rec.(interface{ Close() error }); ok {
			if err := cl.Close(); err != nil {
				x.srv.log.Error("closing recording", "exercise", x.id, "err", err)
			}
		}
		x.srv.log.Info("exercise stopped", "id", x.id, "tick", x.w.Tick())
	}()

	for {
		select {
		case <-ctx.Done():
			return
		case <-x.stop:
			return
		case f := <-x.calls:
			f()
			// Take what else is queued now, so that the commands of a
			// paused exercise are applied in one Step.
			for n := len(x.calls); n > 0; n-- {
				(<-x.calls)()
			}
			if x.review == nil && (x.w.Paused() || x.halted != nil) && len(x.pending) > 0 {
				// A paused World applies commands without advancing: do
				// it now, so that the instructor's resume takes effect.
				x.step()
			}
		case <-x.tickC:
			if x.review != nil {
				x.reviewStep()
				break
			}
			x.step()
		case <-bc.C():
			x.broadcast()
		}
		x.retime()
	}
}

// retime starts, stops or changes the ticker that steps the World to
// follow the exercise's pause and speed: a paused (or halted) exercise has
// no ticker, so it cannot tick.
func (x *exercise) retime() {
	p, sp := x.playback()
	p = p || x.halted != nil
	if p == x.paused && sp == x.speed {
		return
	}
	x.paused, x.speed = p, sp
	if x.ticker != nil {
		x.ticker.Stop()
		x.ticker, x.tickC = nil, nil
	}
	if !p {
		x.ticker = x.srv.cfg.NewTicker(time.Second / time.Duration(max(sp, 1)))
		x.tickC = x.ticker.C()
	}
}

// command takes a command into the pending list under a server-wide id,
// remembering whom to answer.
func (x *exercise) command(c *client, cmd sim.Command) {
	if !slices.Contains(x.clients, c) {
		c.release() // left meanwhile: nobody to answer
		return
	}
	if x.review != nil {
		x.reviewCommand(c, cmd)
		return
	}
	if reason := x.takeOver(&cmd); reason != "" {
		x.srv.metrics.commands.WithLabelValues("rejected").Inc()
		c.answer(wire.Encode(&wire.Ack{ID: cmd.ID, Reason: reason}))
		return
	}
	id := x.nextID()
	x.owners[id] = owner{c, cmd.ID}
	cmd.ID = id
	x.pending = append(x.pending, cmd)
}

// step records and applies the pending commands and advances the World
// one tick (unless it is paused), through the exercise's Stepper: when the
// recording fails, nothing is applied, the senders are told so, the
// exercise halts (its clock stands) and the white cell is told why. The
// white cell's resume tries again.
func (x *exercise) step() {
	if x.halted != nil && !x.resuming() {
		x.refusePending(x.halted)
		return
	}
	x.stepper.Retry()
	start := time.Now()
	evs, err := x.stepper.Step(x.pending)
	if err != nil && evs == nil {
		// Nothing applied.
		x.srv.metrics.recordErr.Inc()
		x.refusePending(err)
		x.halt(err)
		return
	}
	clear(x.pending)
	x.pending = x.pending[:0]
	x.stepped(start)
	x.takeEvents(evs)
	x.deliverHeld()
	if err != nil {
		x.srv.metrics.recordErr.Inc()
		x.halt(err) // the Step's commands are recorded; its checkpoint is not
	} else if x.halted != nil {
		x.halted = nil
		x.tell("the recording works again; the exercise goes on")
		x.publish()
	}
}

// resuming reports whether the pending commands hold the white cell's
// resume, which retries a halted exercise's recording.
func (x *exercise) resuming() bool {
	return slices.ContainsFunc(x.pending, func(c sim.Command) bool {
		return c.Team == sim.Instructor && c.Kind == sim.CmdResume
	})
}

// refusePending answers every pending command as not applied, because of
// err, and forgets them.
func (x *exercise) refusePending(err error) {
	reason := "not applied: " + err.Error()
	for _, c := range x.pending {
		if o, ok := x.owners[c.ID]; ok {
			delete(x.owners, c.ID)
			x.srv.metrics.commands.WithLabelValues("rejected").Inc()
			o.c.answer(wire.Encode(&wire.Ack{ID: o.id, Reason: reason}))
		}
	}
	clear(x.pending)
	x.pending = x.pending[:0]
}

// halt stops the exercise's clock after a recording failure and tells the
// white cell why.
func (x *exercise) halt(err error) {
	first := x.halted == nil
	x.halted = err
	x.srv.log.Error("recording failed: exercise halted", "exercise", x.id, "tick", x.w.Tick(), "err", err)
	if first {
		x.tell("recording failed, the exercise is halted (nothing was applied that is not recorded; resume to try again): " + err.Error())
	}
	x.dirty = true
	x.publish()
}

// tell sends the white cell a message of the server: an exercise event
// only the instructor sees.
func (x *exercise) tell(text string) {
	x.events = append(x.events, sim.Event{Tick: x.w.Tick(), Kind: sim.EvControl, Team: sim.Instructor, Text: text})
}

// stepped notes a Step that started at start.
func (x *exercise) stepped(start time.Time) {
	d := time.Since(start)
	x.srv.metrics.tick.Observe(d.Seconds())
	x.stepMax = max(x.stepMax, d)
	x.dirty = true
}

// takeEvents answers the commands a Step applied or refused and keeps its
// other events for the next broadcast; then it updates the lobby's
// status.
func (x *exercise) takeEvents(evs []sim.Event) {
	for _, e := range evs {
		switch e.Kind {
		case sim.EvAccepted, sim.EvRejected:
			o, ok := x.owners[e.CmdID]
			if !ok {
				continue // the set-up's and the lobby's own commands
			}
			delete(x.owners, e.CmdID)
			ack := &wire.Ack{ID: o.id, Accepted: e.Kind == sim.EvAccepted, Reason: e.Text}
			if ack.Accepted {
				x.srv.metrics.commands.WithLabelValues("accepted").Inc()
			} else {
				x.srv.metrics.commands.WithLabelValues("rejected").Inc()
			}
			o.c.answer(wire.Encode(ack))
			continue
		}
		if len(x.events) >= maxEventsPerBroadcast {
			x.events = slices.Delete(x.events, 0, 1)
		}
		x.events = append(x.events, e)
	}
	// A command the World neither accepted nor rejected still gets its
	// one answer.
	for id, o := range x.owners {
		delete(x.owners, id)
		x.srv.metrics.commands.WithLabelValues("rejected").Inc()
		o.c.answer(wire.Encode(&wire.Ack{ID: o.id, Reason: reasonNotApplied}))
	}
	x.publish()
}

// add joins a client: Welcome, then a keyframe of its view stream.
func (x *exercise) add(c *client) {
	if c.code != "" && x.revoked(c.code) {
		c.closeWith(websocket.ClosePolicyViolation, ReasonRevoked)
		return
	}
	x.clients = append(x.clients, c)
	x.srv.metrics.clients.Inc()
	// Among the answers, which the writer takes first, so that it comes
	// before any frame or Ack; it has a place of its own.
	c.queueAnswer(answer{b: wire.Encode(x.welcome(c.team, c.role, c.nation))})
	if c.role == wire.RoleTrainee || x.presence == nil {
		x.presenceChanged(c)
	}
	c.queueAnswer(answer{b: x.presence}) // before the keyframe, like the Welcome
	x.follow(c, x.shownTo(c))
	x.publish()
	x.srv.log.Info("client joined", "exercise", x.id, "role", c.role.String(), "team", c.team, "name", c.name, "remote", c.remote)
}

// follow moves c to the view stream of team and sends it a keyframe.
func (x *exercise) follow(c *client, team int) {
	x.unfollow(c)
	st := x.streams[team]
	if st == nil {
		st = &stream{team: team}
		x.streams[team] = st
	}
	st.clients = append(st.clients, c)
	c.stream = st
	if st.s.Seq() == 0 {
		v := &x.view
		if team == wire.Observer {
			v = &x.obsView
		}
		x.buildView(team, v)
		st.s.Next(v, wire.Frame{Sent: time.Now().UnixMicro()})
	}
	c.needKey = true
	x.sendFrame(c, st, nil)
}

func (x *exercise) unfollow(c *client) {
	st := c.stream
	if st == nil {
		return
	}
	st.clients = slices.DeleteFunc(st.clients, func(y *client) bool { return y == c })
	if len(st.clients) == 0 {
		delete(x.streams, st.team)
	}
	c.stream = nil
}

// drop removes a client that left or is being dropped, and reports
// whether it was there.
func (x *exercise) drop(c *client) bool {
	i := slices.Index(x.clients, c)
	if i < 0 {
		return false
	}
	x.clients = slices.Delete(x.clients, i, i+1)
	x.unfollow(c)
	if c.role == wire.RoleTrainee {
		x.presenceChanged(nil)
	}
	x.srv.metrics.clients.Dec()
	x.publish()
	return true
}

// leave removes a client whose connection ended.
func (x *exercise) leave(c *client) {
	if x.drop(c) {
		x.srv.log.Info("client left", "exercise", x.id, "team", c.team, "name", c.name, "remote", c.remote)
	}
}

// buildView fills v with the view of team: a team's, the instructor's
// ground truth, or the observers' neutral view.
func (x *exercise) buildView(team int, v *sim.View) {
	if x.review != nil {
		// A review shows its playback's pause and speed, not the
		// recorded World's.
		defer func() { v.Paused, v.Speed = x.review.paused, x.review.speed }()
	}
	if x.halted != nil {
		defer func() { v.Paused = true }() // its clock stands
	}
	if team != wire.Observer {
		x.w.ViewInto(team, v)
		return
	}
	// Observers: the clock, comms, objectives and statistics of the
	// instructor's view, without units, sensors, tracks, crossers,
	// barriers, checkpoints or injects.
	x.w.ViewInto(sim.Instructor, &x.scratch)
	g := &x.scratch
	*v = sim.View{
		Tick: g.Tick, Team: wire.Observer, Clock: g.Clock, Night: g.Night, Weather: g.Weather,
		Paused: g.Paused, Speed: g.Speed,
		Comms:     append(v.Comms[:0], g.Comms...),
		Objective: append(v.Objective[:0], g.Objective...),
		Stats:     g.Stats,
	}
	v.Stats.Teams = append([]sim.TeamStats(nil), g.Stats.Teams...)
}

// heartbeat is the longest time between two broadcasts: a paused exercise
// still sends a frame this often, so that clients can tell a quiet
// exercise from a dead connection.
const heartbeat = 5 * time.Second

// broadcast sends every client the new frame of its stream, and the events
// its role may see.
func (x *exercise) broadcast() {
	start := time.Now()
	if !x.dirty && len(x.events) == 0 && start.Sub(x.lastSent) < heartbeat {
		return
	}
	x.lastSent = start
	f := wire.Frame{Sent: start.UnixMicro(), StepMicros: uint32(min(x.stepMax.Microseconds(), 1<<32-1))}
	clear(x.audience)
	for _, st := range x.streams {
		v := &x.view
		if st.team == wire.Observer {
			v = &x.obsView
		}
		x.buildView(st.team, v)
		delta := st.s.Next(v, f)
		for _, c := range st.clients {
			if x.sendFrame(c, st, delta) {
				x.owePresence(c)
				audience := c.team
				if x.review != nil && x.review.revealed {
					audience = st.team // the ground truth's events with it
				}
				if evs := x.eventsFor(audience); evs != nil {
					c.enqueue(evs)
				}
			}
		}
	}
	x.events = x.events[:0]
	x.stepMax = 0
	x.dirty = false
	x.srv.metrics.broadcast.Observe(time.Since(start).Seconds())
	// Drop the clients whose writer has made no progress for MaxLag
	// broadcasts while it had something to write: a stalled socket.
	for _, c := range slices.Clone(x.clients) {
		p := c.progress.Load()
		if p == c.seen && c.backlog() {
			c.lag++
		} else {
			c.lag = 0
		}
		c.seen = p
		if c.lag > x.srv.cfg.MaxLag {
			c.tooSlow(fmt.Sprintf("nothing written for %d broadcasts", c.lag))
			x.drop(c)
		}
	}
}

// sendFrame queues the stream's latest frame for c: the shared delta when c
// holds the previous frame, else a keyframe. It reports whether the frame
// was queued; a full queue marks c for a keyframe.
func (x *exercise) sendFrame(c *client, st *stream, delta []byte) bool {
	b := delta
	if b == nil || c.needKey || c.seq != st.s.Seq()-1 {
		b = st.s.Keyframe()
	}
	if !c.enqueue(b) {
		c.needKey = true
		return false
	}
	c.seq = st.s.Seq()
	c.needKey = false
	return true
}

// eventsFor returns the encoded Events a role may see, built once per
// broadcast; nil when there are none.
func (x *exercise) eventsFor(team int) []byte {
	if b, ok := x.audience[team]; ok {
		return b
	}
	var evs []sim.Event
	for _, e := range x.events {
		if visible(e, team) {
			evs = append(evs, e)
		}
	}
	var b []byte
	if len(evs) > 0 {
		b = wire.Encode(&wire.Events{Tick: x.w.Tick(), Events: evs})
	}
	x.audience[team] = b
	return b
}

// visible reports whether a client of team may see e. Observers see the
// objective events (they see every objective's value) and exercise-wide
// control events.
func visible(e sim.Event, team int) bool {
	if team == wire.Observer {
		return e.Kind == sim.EvObjective || (e.Team == sim.All && e.Kind == sim.EvControl)
	}
	return e.VisibleTo(team)
}

// switchView lets the instructor follow another team's view.
func (x *exercise) switchView(c *client, team int) {
	if !slices.Contains(x.clients, c) || c.role != wire.RoleInstructor {
		return
	}
	if team != sim.Instructor && (team < 0 || team >= len(x.sc.Teams)) {
		return
	}
	x.follow(c, team)
}

// route delivers a chat line: the team channel to the sender's team, the
// liaison channel and the joint commission's (of an agreement that names
// one) to both teams of an agreement while its comms are up; the
// instructor receives them all. The instructor's team channel reaches
// everyone. The sender holds a reserved answer (client.reserve): a line
// not delivered to every recipient is reported to it, else the
// reservation is released.
func (x *exercise) route(c *client, m *wire.Chat) {
	if !slices.Contains(x.clients, c) || c.role == wire.RoleObserver {
		c.release()
		return
	}
	if c.role == wire.RoleEvaluator || c.role == wire.RoleController {
		c.notDelivered(m, x.w.Tick(), "evaluators and controllers read the chat; the white cell and the teams write it")
		return
	}
	tick := x.w.Tick()
	out := &wire.Chat{Channel: m.Channel, Agreement: m.Agreement, From: c.from(x.sc), Tick: tick, Text: m.Text, Phrase: m.Phrase, Args: m.Args}
	var to func(*client) bool
	switch m.Channel {
	case wire.ChanTeam:
		if x.review == nil && c.role == wire.RoleTrainee && x.w.TeamCommsDown(c.team) {
			x.recordChat(c, out, "team comms down")
			c.notDelivered(m, tick, sim.ReasonTeamCommsDown)
			return
		}
		out.Agreement = ""
		to = func(y *client) bool {
			return staff(y.role) || c.role == wire.RoleInstructor || (y.role == wire.RoleTrainee && y.team == c.team)
		}
	case wire.ChanLiaison, wire.ChanCommission:
		ai := slices.IndexFunc(x.sc.Agreements, func(a sim.AgreementSpec) bool { return a.ID == m.Agreement })
		if ai < 0 {
			c.notDelivered(m, tick, "no agreement "+m.Agreement)
			return
		}
		a := x.sc.Agreements[ai]
		if c.role != wire.RoleInstructor && c.team != a.A && c.team != a.B {
			c.notDelivered(m, tick, "your team is not party to agreement "+m.Agreement)
			return
		}
		if m.Channel == wire.ChanCommission && a.Commission == "" {
			c.notDelivered(m, tick, "agreement "+m.Agreement+" names no joint commission")
			return
		}
		if x.review == nil && x.commsCut(m.Agreement) { // a debrief talks freely
			x.recordChat(c, out, "comms cut")
			c.notDelivered(m, tick, "the comms of agreement "+m.Agreement+" are cut")
			return
		}
		if x.review == nil && x.holdChat(c, out, ai) { // degraded: delivered later (coopchat.go)
			return
		}
		to = func(y *client) bool {
			return staff(y.role) || (y.role == wire.RoleTrainee && (y.team == a.A || y.team == a.B))
		}
	default:
		c.release()
		return
	}
	x.recordChat(c, out, "")
	b := wire.Encode(out)
	missed, n := 0, 0
	for _, y := range x.clients {
		if to(y) {
			n++
			if !y.enqueue(b) {
				missed++
			}
		}
	}
	if missed > 0 {
		c.notDelivered(m, tick, fmt.Sprintf("%d of %d recipients are behind", missed, n))
		return
	}
	c.release()
}

// commsCut reports whether an agreement's comms are cut now.
func (x *exercise) commsCut(id string) bool {
	x.w.ViewInto(sim.Instructor, &x.scratch)
	for _, cv := range x.scratch.Comms {
		if cv.Agreement == id {
			return cv.Cut
		}
	}
	return false
}
