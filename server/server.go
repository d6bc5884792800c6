// Package server runs joint exercises for remote teams: one goroutine per
// exercise owns its sim.World, steps it at the exercise's speed and sends
// each connected client the view of its team over a websocket (package
// wire), a keyframe and then deltas. It also serves the HTTP lobby, the API
// that creates exercises, the browser client's files, /healthz and
// /metrics.
//
// Roles: the server-wide instructor token creates exercises; every exercise
// has random codes of its own: its control code (the white cell), a code per
// team, the observers', and the evaluators' and nations' controllers' codes
// the lobby issues (roles.go). A trainee sees and commands only their team;
// only the white cell pauses, changes the speed and sends injects; the white
// cell, evaluators and controllers see ground truth and the MSEL; an
// evaluator commands nothing and sends observations; a controller fires only
// the injects addressed to their nation's teams; an observer sees the clock,
// the comms, the objectives and the exercise statistics but no unit, sensor,
// track or crossing group. See docs/SERVER.md and docs/PROTOCOL.md.
package server

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Connection limits and timings (after gorilla/websocket's chat example).
const (
	pongWait       = 60 * time.Second    // time allowed between two messages or pongs from the peer
	pingPeriod     = (pongWait * 9) / 10 // send pings this often; less than pongWait
	closeWait      = 2 * time.Second     // time given to the peer to answer a close frame
	maxMessageSize = 4096                // bytes; the largest message a client may send
)

// Defaults for the Config fields left at zero.
const (
	DefaultBroadcast       = 100 * time.Millisecond // 10 Hz
	DefaultSendQueue       = 64                     // messages per client
	DefaultCommandQueue    = 128                    // commands per exercise
	DefaultMaxLag          = 100                    // broadcasts a stalled client is kept (10 s at 10 Hz)
	DefaultHelloWait       = 10 * time.Second       // time a new connection has to send its Hello
	DefaultCheckpointEvery = 600                    // ticks between recording checkpoints
	maxEventsPerBroadcast  = 1024                   // events kept for one broadcast; older ones are dropped
	codeBytes              = 16                     // 128 bits of randomness in a join code
)

// Recorder receives an exercise's inputs so that it can be replayed: the
// commands of every Step, before the Step, and now and then the World's
// state hash (recording.Log; *recording.Writer is one). The exercise
// goroutine calls it synchronously through a recording.Stepper: nothing is
// applied that is not recorded, and a failure halts the exercise (see
// docs/SERVER.md).
type Recorder = recording.Log

// Ticker is a source of ticks, as *time.Ticker is. The server makes one
// for each exercise's broadcasts and one for its steps while it runs
// (Config.NewTicker).
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// timeTicker is a *time.Ticker as a Ticker.
type timeTicker struct{ t *time.Ticker }

func (t timeTicker) C() <-chan time.Time { return t.t.C }
func (t timeTicker) Stop()               { t.t.Stop() }

// NewTimeTicker returns a Ticker of the wall clock (time.NewTicker).
func NewTimeTicker(d time.Duration) Ticker { return timeTicker{time.NewTicker(d)} }

// Config configures a Server. Only InstructorToken is required.
type Config struct {
	// InstructorToken authenticates the instructor (white cell): Bearer
	// token of the API, ?token= or cookie of the lobby, Hello code of the
	// websocket together with an exercise id.
	InstructorToken string
	// WebDir holds the browser client (index.html, wasm_exec.js,
	// client.wasm) served under /client/. Empty or missing: /client/ says
	// how to build it.
	WebDir string
	// DataDir is where exercises keep their data, optional: with it every
	// exercise is recorded (the NewRecorder, Created and Stopped hooks left
	// nil are filled in, see store.go), ResumeAll brings them back after a
	// restart, and the recordings are listed, served and branched from.
	DataDir string
	// Created, if set, is told of each new exercise with its join codes
	// (to keep them for a restart).
	Created func(ExerciseInfo) error
	// CodesChanged, if set, is told of an exercise whose codes were issued
	// or revoked, with all its codes (ExerciseInfo.Access).
	CodesChanged func(ExerciseInfo) error
	// Stopped, if set, is told of each exercise stopped through
	// StopExercise (DELETE /api/exercises/{id}), after its recorder is
	// closed; not of the exercises stopped by Close or Run at shutdown,
	// which a restart resumes.
	Stopped func(id string)
	// NewRecorder, if set, makes the Recorder of each new exercise.
	NewRecorder func(id string, sc *sim.Scenario, seed uint64) (Recorder, error)
	// Logger receives connection and exercise events; nil discards them.
	Logger *slog.Logger
	// Report, if set, writes the after-action review of a recording as one
	// HTML page (GET /api/recordings/{id}/aar; cmd/borderdrill wires it to
	// package aar), in the reader's language (a BCP 47 tag, as the lobby
	// chose it). Nil: that page answers 501.
	Report func(w io.Writer, rec *recording.Recording, lang string) error
	// NewTicker makes the tickers that step and broadcast each exercise;
	// nil takes NewTimeTicker. Tests drive an exercise's clock with it.
	NewTicker func(d time.Duration) Ticker

	// Tunables; zero takes the default.
	Broadcast       time.Duration // interval between view broadcasts
	SendQueue       int           // messages queued per client, and answers a client may have outstanding
	CommandQueue    int           // commands queued per exercise
	MaxLag          int           // broadcasts in a row a client's writer may make no progress with something to write before the client is dropped
	CheckpointEvery int32         // ticks between recorder checkpoints
	HelloWait       time.Duration // time a new connection has to send its Hello
	WriteWait       time.Duration // time allowed to write one message; by default longer than MaxLag broadcasts
}

// Server holds the exercises of one process. Create it with New; serve
// Handler; call Run to tie the exercises' lifetime to a context.
type Server struct {
	cfg     Config
	log     *slog.Logger
	reg     *prometheus.Registry
	metrics metrics

	ctx    context.Context // lives until Run's context is done or Close
	cancel context.CancelFunc
	wg     sync.WaitGroup // exercise goroutines

	gz gzipCache // the browser client's files, gzipped

	mu        sync.Mutex // guards the fields below
	exercises []*exercise
	closed    bool
}

type metrics struct {
	exercises prometheus.GaugeFunc
	clients   prometheus.Gauge
	tick      prometheus.Histogram
	broadcast prometheus.Histogram
	bytesSent prometheus.Counter
	commands  *prometheus.CounterVec
	dropped   prometheus.Counter
	recordErr prometheus.Counter
}

// orDefault sets *v to def when it is zero (or less).
func orDefault[T int | int32 | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

// New returns a Server with no exercises.
func New(cfg Config) *Server {
	orDefault(&cfg.Broadcast, DefaultBroadcast)
	orDefault(&cfg.SendQueue, DefaultSendQueue)
	orDefault(&cfg.CommandQueue, DefaultCommandQueue)
	orDefault(&cfg.MaxLag, DefaultMaxLag)
	orDefault(&cfg.CheckpointEvery, DefaultCheckpointEvery)
	orDefault(&cfg.HelloWait, DefaultHelloWait)
	if cfg.WriteWait <= 0 {
		// Longer than the slow-client window, so that a stalled client is
		// dropped by the exercise, with a reason, before a write times out.
		cfg.WriteWait = max(10*time.Second, time.Duration(cfg.MaxLag)*cfg.Broadcast+5*time.Second)
	}
	if cfg.NewTicker == nil {
		cfg.NewTicker = NewTimeTicker
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	useDataDir(&cfg, log.Error)
	s := &Server{cfg: cfg, log: log, reg: prometheus.NewRegistry()}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	buckets := []float64{50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2e-3, 5e-3, 10e-3, 20e-3, 50e-3, 100e-3, 250e-3, 1}
	s.metrics = metrics{
		exercises: prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "borderdrill_exercises", Help: "Exercises running.",
		}, func() float64 {
			s.mu.Lock()
			defer s.mu.Unlock()
			return float64(len(s.exercises))
		}),
		clients: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "borderdrill_clients", Help: "Websocket clients joined to an exercise.",
		}),
		tick: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "borderdrill_tick_seconds", Help: "Wall-clock time of one World.Step, recording included.", Buckets: buckets,
		}),
		broadcast: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "borderdrill_broadcast_seconds", Help: "Wall-clock time to build, encode and queue one broadcast of an exercise.", Buckets: buckets,
		}),
		bytesSent: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "borderdrill_bytes_sent_total", Help: "Websocket message bytes written to clients.",
		}),
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "borderdrill_commands_total", Help: "Commands received, by outcome.",
		}, []string{"result"}),
		dropped: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "borderdrill_clients_dropped_total", Help: "Clients dropped for falling behind.",
		}),
		recordErr: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "borderdrill_recording_errors_total", Help: "Recorder calls that failed.",
		}),
	}
	s.reg.MustRegister(s.metrics.exercises, s.metrics.clients, s.metrics.tick, s.metrics.broadcast,
		s.metrics.bytesSent, s.metrics.commands, s.metrics.dropped, s.metrics.recordErr,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if cfg.WebDir != "" {
		go s.gz.warm(cfg.WebDir)
	}
	return s
}

// Registry returns the server's Prometheus registry (served at /metrics).
func (s *Server) Registry() *prometheus.Registry { return s.reg }

// Run waits until ctx is done, then stops every exercise, closing its
// clients' connections with "going away", and returns when they have
// stopped.
func (s *Server) Run(ctx context.Context) error {
	select {
	case <-ctx.Done():
	case <-s.ctx.Done():
	}
	s.Close()
	return nil
}

// Close stops every exercise and waits for them.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
}

// ExerciseOptions are the optional settings of a new exercise.
type ExerciseOptions struct {
	Seed   uint64 // World seed; 0 picks one at random
	Speed  int    // ticks per wall-clock second; 0 keeps the World's default
	Paused bool   // start paused
}

// ExerciseInfo describes an exercise for the instructor.
type ExerciseInfo struct {
	ID       string            `json:"id"`
	Scenario string            `json:"scenario"`
	Map      string            `json:"map"`
	Teams    []string          `json:"teams"`
	Codes    map[string]string `json:"codes"` // by team id, and "observer": the first live code of each
	// Control is the exercise's first live control code: it joins as the
	// white cell of this exercise only.
	Control string `json:"control,omitempty"`
	// Access lists every code of the exercise, revoked ones included.
	Access  []Code    `json:"access,omitempty"`
	Seed    uint64    `json:"seed"`
	Created time.Time `json:"created"`
	Clients int       `json:"clients"`
	Tick    int32     `json:"tick"`
	Paused  bool      `json:"paused"`
	Speed   int       `json:"speed"`
	// Halted says why the exercise's clock stands after its recording
	// failed; empty while it runs normally.
	Halted string `json:"halted,omitempty"`
	// BranchOf names the recording and tick the exercise was branched from.
	BranchOf *recording.Origin `json:"branch_of,omitempty"`
	// Review is set for a review session of a recording.
	Review *ReviewInfo `json:"review,omitempty"`
}

// ErrClosed is returned by NewExercise after Close.
var ErrClosed = errors.New("server: closed")

// NewExercise starts an exercise of sc and returns its id and join codes.
func (s *Server) NewExercise(sc *sim.Scenario, opt ExerciseOptions) (ExerciseInfo, error) {
	seed := opt.Seed
	if seed == 0 {
		var b [8]byte
		rand.Read(b[:])
		for _, c := range b {
			seed = seed<<8 | uint64(c)
		}
		seed |= 1
	}
	w, err := sim.New(sc, seed)
	if err != nil {
		return ExerciseInfo{}, fmt.Errorf("server: %w", err)
	}
	info, err := s.begin(sc, w, seed, opt, nil, func(id string) (Recorder, error) {
		if s.cfg.NewRecorder == nil {
			return nil, nil
		}
		return s.cfg.NewRecorder(id, sc, seed)
	})
	if err != nil {
		return ExerciseInfo{}, err
	}
	s.log.Info("exercise started", "id", info.ID, "scenario", sc.Name, "seed", seed)
	return info, nil
}

// begin starts an exercise of World w under a new id with fresh join
// codes, recorded by what newRecorder makes for that id (nil: not
// recorded), and tells the Created hook.
func (s *Server) begin(sc *sim.Scenario, w *sim.World, seed uint64, opt ExerciseOptions, origin *recording.Origin,
	newRecorder func(id string) (Recorder, error)) (ExerciseInfo, error) {
	x := s.newExercise(strings.ToLower(randomCode(6)), sc, w, seed)
	x.origin = origin
	x.grantInitial()
	rec, err := newRecorder(x.id)
	if err != nil {
		return ExerciseInfo{}, fmt.Errorf("server: recorder: %w", err)
	}
	x.record(rec)
	// The starting speed and pause are the set-up, applied as the
	// instructor's first commands (and so recorded like any other).
	if opt.Speed > 0 && opt.Speed != w.Speed() {
		x.pending = append(x.pending, sim.Command{ID: x.nextID(), Team: sim.Instructor, Kind: sim.CmdSpeed, Speed: opt.Speed})
	}
	if opt.Paused != w.Paused() {
		kind := sim.CmdPause
		if !opt.Paused {
			kind = sim.CmdResume
		}
		x.pending = append(x.pending, sim.Command{ID: x.nextID(), Team: sim.Instructor, Kind: kind})
	}
	if len(x.pending) > 0 {
		// Applied before the exercise is published or its goroutine runs,
		// so that its first status (and the API's answer) shows them.
		x.step()
	}
	if err := s.start(x); err != nil {
		if c, ok := rec.(interface{ Close() error }); ok {
			c.Close()
		}
		return ExerciseInfo{}, err
	}
	info := x.info()
	if s.cfg.Created != nil {
		if err := s.cfg.Created(info); err != nil {
			s.log.Error("saving exercise", "id", x.id, "err", err)
		}
	}
	return info, nil
}

// Resumed is an exercise brought back after a restart: its World replayed
// from its recording to where it was, its id and join codes as before, and
// the Recorder that goes on appending to the same recording.
type Resumed struct {
	ID       string
	Scenario *sim.Scenario
	World    *sim.World
	Seed     uint64
	Codes    map[string]string // by team id, and "observer"; used when Access is empty
	Access   []Code            // every code as saved
	Recorder Recorder
	BranchOf *recording.Origin // where it was branched from, if it was
}

// ResumeExercise starts an exercise from a replayed World, keeping its id
// and join codes, so that trainees rejoin with the codes they were given.
func (s *Server) ResumeExercise(r Resumed) (ExerciseInfo, error) {
	if s.exercise(r.ID) != nil {
		return ExerciseInfo{}, fmt.Errorf("server: exercise %s already runs", r.ID)
	}
	x := s.newExercise(r.ID, r.Scenario, r.World, r.Seed)
	if err := x.accessFrom(r.Access, r.Codes); err != nil {
		return ExerciseInfo{}, err
	}
	x.record(r.Recorder)
	x.origin = r.BranchOf
	tick := r.World.Tick() // the World is the exercise goroutine's once it starts
	if err := s.start(x); err != nil {
		return ExerciseInfo{}, err
	}
	s.log.Info("exercise resumed", "id", x.id, "scenario", r.Scenario.Name, "tick", tick)
	return x.info(), nil
}

func (s *Server) newExercise(id string, sc *sim.Scenario, w *sim.World, seed uint64) *exercise {
	x := &exercise{
		srv:     s,
		id:      id,
		sc:      sc,
		w:       w,
		seed:    seed,
		created: time.Now(),
		calls:   make(chan func(), s.cfg.CommandQueue),
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	x.record(nil)
	return x
}

// record makes rec (nil: nothing) the exercise's recorder.
func (x *exercise) record(rec Recorder) {
	x.rec = rec
	x.stepper = recording.Stepper{World: x.w, Log: rec, Every: x.srv.cfg.CheckpointEvery}
}

// start registers x and runs its goroutine.
func (s *Server) start(x *exercise) error {
	x.publish()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.exercises = append(s.exercises, x)
	s.wg.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.wg.Done()
		x.run(s.ctx)
	}()
	return nil
}

// StopExercise stops the exercise with the given id, closing its clients'
// connections, and returns when it has stopped. It reports whether there
// was one.
func (s *Server) StopExercise(id string) bool {
	x := s.exercise(id)
	if x == nil {
		return false
	}
	x.close()
	<-x.done
	if s.cfg.Stopped != nil {
		s.cfg.Stopped(id)
	}
	return true
}

// Exercises describes the running exercises, oldest first.
func (s *Server) Exercises() []ExerciseInfo {
	s.mu.Lock()
	xs := slices.Clone(s.exercises)
	s.mu.Unlock()
	out := make([]ExerciseInfo, 0, len(xs))
	for _, x := range xs {
		out = append(out, x.info())
	}
	return out
}

// Info describes the running exercise id; ok is false when there is none.
func (s *Server) Info(id string) (info ExerciseInfo, ok bool) {
	if x := s.exercise(id); x != nil {
		return x.info(), true
	}
	return ExerciseInfo{}, false
}

func (s *Server) exercise(id string) *exercise {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, x := range s.exercises {
		if x.id == id {
			return x
		}
	}
	return nil
}

func (s *Server) remove(x *exercise) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.exercises = slices.DeleteFunc(s.exercises, func(y *exercise) bool { return y == x })
}

// isInstructor reports whether token is the instructor token, in constant
// time.
func (s *Server) isInstructor(token string) bool {
	return s.cfg.InstructorToken != "" &&
		subtle.ConstantTimeCompare([]byte(token), []byte(s.cfg.InstructorToken)) == 1
}

// admission is what a Hello's code grants.
type admission struct {
	x      *exercise
	role   wire.Role
	team   int    // team index, sim.Instructor or wire.Observer
	code   string // the exercise's code it joined with; "" for the server's token
	nation []int  // a controller's teams
}

// admit checks a Hello's code against every exercise's codes (each
// comparison in constant time) and the instructor token.
func (s *Server) admit(h *wire.Hello) (admission, bool) {
	if s.isInstructor(h.Code) {
		if x := s.exercise(h.Exercise); x != nil {
			return admission{x: x, role: wire.RoleInstructor, team: sim.Instructor}, true
		}
		return admission{}, false
	}
	s.mu.Lock()
	xs := slices.Clone(s.exercises)
	s.mu.Unlock()
	var found admission
	ok := false
	code := []byte(h.Code)
	for _, x := range xs {
		if a, match := x.match(code); match {
			found, ok = a, true
		}
	}
	if ok && h.Exercise != "" && h.Exercise != found.x.id {
		return admission{}, false
	}
	return found, ok
}

// randomCode returns n random bytes from crypto/rand in unpadded
// lower-case base32 (26 characters for 16 bytes).
func randomCode(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (Go 1.24+: it crashes the program instead)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// NewToken returns a new random instructor token (128 bits).
func NewToken() string { return randomCode(codeBytes) }
