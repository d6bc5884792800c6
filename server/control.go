package server

import (
	"errors"
	"fmt"

	"github.com/borderdrill/borderdrill/sim"
)

// Control is a change of an exercise's clock made from the lobby or the
// API rather than from the white cell's client: pause or resume, and a
// speed. In a live exercise it becomes the instructor's commands (and so is
// recorded); in a review session it drives the playback.
type Control struct {
	Paused *bool `json:"paused"` // nil: unchanged
	Speed  *int  `json:"speed"`  // ticks per second, 1–1000; nil: unchanged
}

// ErrBadControl is the error of a Control that changes nothing or asks for
// a speed outside 1–1000; the API answers it with 400.
var ErrBadControl = errors.New("server: bad control")

// check returns an ErrBadControl naming what is wrong with c, or nil.
func (c Control) check() error {
	switch {
	case c.Paused == nil && c.Speed == nil:
		return fmt.Errorf("%w: give \"paused\", \"speed\" or both", ErrBadControl)
	case c.Speed != nil && (*c.Speed < 1 || *c.Speed > 1000):
		return fmt.Errorf("%w: %s", ErrBadControl, sim.ReasonBadSpeed)
	}
	return nil
}

// ErrNoExercise is returned for an exercise id that does not run.
var ErrNoExercise = errors.New("server: no such exercise")

// ControlExercise pauses, resumes or sets the speed of the exercise id and
// returns once the exercise has taken the change.
func (s *Server) ControlExercise(id string, ctl Control) error {
	if err := ctl.check(); err != nil {
		return err
	}
	x := s.exercise(id)
	if x == nil {
		return ErrNoExercise
	}
	done := make(chan struct{})
	if !x.do(func() { x.applyControl(ctl); close(done) }) {
		return ErrNoExercise
	}
	select {
	case <-done:
		return nil
	case <-x.done:
		return ErrNoExercise
	}
}

// applyControl takes a Control on the exercise's loop.
func (x *exercise) applyControl(c Control) {
	defer x.retime() // before the caller hears back: a pause has stopped the clock
	if rv := x.review; rv != nil {
		if c.Speed != nil {
			rv.speed = *c.Speed
		}
		if c.Paused != nil {
			rv.paused = *c.Paused || x.w.Tick() >= rv.duration
		}
		x.dirty = true
		x.publish()
		return
	}
	if c.Speed != nil {
		x.pending = append(x.pending, sim.Command{ID: x.nextID(), Team: sim.Instructor, Kind: sim.CmdSpeed, Speed: *c.Speed})
	}
	if c.Paused != nil {
		kind := sim.CmdResume
		if *c.Paused {
			kind = sim.CmdPause
		}
		x.pending = append(x.pending, sim.Command{ID: x.nextID(), Team: sim.Instructor, Kind: kind})
	}
	// As with the white cell's own commands, applied now (a paused World
	// applies them without advancing, so a resume takes effect at once;
	// a running one would take them at its next tick anyway).
	x.step()
}
