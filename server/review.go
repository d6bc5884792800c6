package server

import (
	"fmt"
	"strings"
	"time"

	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// A review session plays one of the server's recordings back to every
// participant at once, for the debrief after an exercise: each team joins
// with a new code and sees its own picture of the exercise as it was, the
// white cell sees ground truth (or any team's picture), and the white cell
// alone drives the playback: pause, resume, speed (the usual commands) and
// Seek to any tick, and may reveal the ground truth to everyone (Reveal).
// Nobody commands units, nothing is recorded, and a restarted server does
// not bring it back.

// DefaultReviewSpeed is the playback speed a review session starts at,
// ticks per second.
const DefaultReviewSpeed = 60

// ReasonReview is the reason every order is refused in a review session.
const ReasonReview = "review"

// ReviewInfo describes a review session: the recording it plays and its
// last tick.
type ReviewInfo struct {
	Recording string `json:"recording"`
	Duration  int32  `json:"duration"`
}

// review is a review session's playback, owned by the exercise's run.
type review struct {
	p        *recording.Player
	from     string // the recording's id
	duration int32
	speed    int
	paused   bool
	revealed bool // everyone follows the ground truth (wire.Reveal)
}

// Review starts a review session of the recording id, paused at tick 0
// unless opt says otherwise (opt.Speed 0 takes DefaultReviewSpeed; the
// seed is the recording's).
func (s *Server) Review(id string, opt ExerciseOptions) (ExerciseInfo, error) {
	if s.cfg.DataDir == "" {
		return ExerciseInfo{}, ErrNoData
	}
	rec, err := s.openRecording(id)
	if err != nil {
		return ExerciseInfo{}, err
	}
	p, err := recording.NewPlayer(rec)
	if err != nil {
		return ExerciseInfo{}, fmt.Errorf("server: recording %s: %w", id, err)
	}
	go p.Survey(nil) // snapshots, so that seeks start near their tick
	speed := opt.Speed
	if speed <= 0 {
		speed = DefaultReviewSpeed
	}
	w := p.World()
	x := s.newExercise(strings.ToLower(randomCode(6)), w.Scenario(), w, rec.Header.Seed)
	x.review = &review{p: p, from: id, duration: p.Duration(), speed: speed, paused: opt.Paused}
	x.grantInitial()
	if err := s.start(x); err != nil {
		return ExerciseInfo{}, err
	}
	s.log.Info("review started", "id", x.id, "recording", id)
	return x.info(), nil
}

// playback returns whether the exercise's clock stands and its speed: the
// World's, or a review's playback.
func (x *exercise) playback() (paused bool, speed int) {
	if x.review != nil {
		return x.review.paused, x.review.speed
	}
	return x.w.Paused(), x.w.Speed()
}

// reviewStep plays one tick of the recording; at its end the playback
// pauses.
func (x *exercise) reviewStep() {
	start := time.Now()
	rv := x.review
	if !rv.p.Step(x.takeEvents) {
		rv.paused = true
		x.publish()
	}
	x.w = rv.p.World()
	x.stepped(start)
}

// reviewCommand answers a command in a review session: the white cell's
// pause, resume and speed drive the playback; every other command is
// refused.
func (x *exercise) reviewCommand(c *client, cmd sim.Command) {
	rv := x.review
	ack := &wire.Ack{ID: cmd.ID, Accepted: c.role == wire.RoleInstructor}
	if ack.Accepted {
		switch cmd.Kind {
		case sim.CmdPause:
			rv.paused = true
		case sim.CmdResume:
			rv.paused = x.w.Tick() >= rv.duration
		case sim.CmdSpeed:
			if cmd.Speed < 1 || cmd.Speed > 1000 {
				ack.Accepted, ack.Reason = false, sim.ReasonBadSpeed
			} else {
				rv.speed = cmd.Speed
			}
		default:
			ack.Accepted = false
		}
	}
	if !ack.Accepted && ack.Reason == "" {
		ack.Reason = ReasonReview
	}
	c.answer(wire.Encode(ack))
	x.dirty = true
	x.publish()
}

// seekTo moves a review session to a tick: the recording re-simulated from
// its nearest snapshot, then a keyframe for everyone. A seek in a live
// exercise is ignored: there is nothing to seek in.
func (x *exercise) seekTo(tick int32) {
	rv := x.review
	if rv == nil {
		return
	}
	w, err := rv.p.WorldAt(tick, tick, nil)
	if err != nil {
		x.srv.log.Error("review seek", "exercise", x.id, "tick", tick, "err", err)
		return
	}
	rv.p.Jump(w)
	x.w = w
	x.events = x.events[:0]
	for _, c := range x.clients {
		c.needKey = true
	}
	x.dirty = true
	x.publish()
}

// shownTo is the view a client follows when it joins: its own, or in a
// revealed review the ground truth.
func (x *exercise) shownTo(c *client) int {
	if x.review != nil && x.review.revealed && c.role != wire.RoleInstructor {
		return sim.Instructor
	}
	return c.team
}

// setReveal shows every participant of a review the ground truth, or
// their own picture again; the white cell keeps the view it chose. A
// reveal in a live exercise is ignored.
func (x *exercise) setReveal(on bool) {
	rv := x.review
	if rv == nil || rv.revealed == on {
		return
	}
	rv.revealed = on
	for _, c := range x.clients {
		if c.role != wire.RoleInstructor {
			x.follow(c, x.shownTo(c))
		}
	}
	x.srv.log.Info("review reveal", "exercise", x.id, "on", on)
}
