package recording

import (
	"errors"
	"fmt"

	"github.com/borderdrill/borderdrill/sim"
)

// Log is what a Stepper records into: the commands of every Step, before
// the Step, and now and then the World's state hash. *Writer is one; the
// server's Recorder and local play's Recorder are the same interface.
type Log interface {
	// Append records the commands passed to the World.Step called when
	// World.Tick() == tick. A paused World applies commands without
	// advancing, so several Appends may share a tick.
	Append(tick int32, cmds []sim.Command) error
	// Checkpoint records the World's hash after the Step that reached tick.
	Checkpoint(tick int32, hash uint64) error
}

// ErrNotRecorded wraps the error of a Stepper whose recording failed:
// the Step it returns from applied nothing.
var ErrNotRecorded = errors.New("recording: not recorded")

// Stepper is the one path from commands to World.Step for every program
// that records (the server, local play, borderdrill run): it records a
// Step's commands, then steps the World, and writes a checkpoint every
// Every ticks. Its rule is that nothing is applied that is not recorded:
// once a write fails, Step applies nothing and returns the failure
// (wrapping ErrNotRecorded) until Retry, and the World stays at the state
// its recording holds.
//
// A Stepper is used by one goroutine at a time.
type Stepper struct {
	World *sim.World
	Log   Log   // nil: nothing is recorded and Step never fails
	Every int32 // ticks between checkpoints; 0 takes DefaultCheckpointEvery

	err     error // the first recording failure since the last Retry
	checked int32 // tick of the last checkpoint written, when hasChk
	hasChk  bool
}

// Step records cmds (when there are any), applies them with World.Step and
// writes a checkpoint when the World reaches a multiple of Every. It
// returns the Step's events (reused by the next Step). If the recording
// has failed, now or before, it returns an error wrapping ErrNotRecorded
// and the World is as it was (a checkpoint that fails after the Step
// leaves the Step applied: its commands are recorded).
func (s *Stepper) Step(cmds []sim.Command) ([]sim.Event, error) {
	if s.err != nil {
		return nil, s.err
	}
	tick := s.World.Tick()
	if s.Log != nil && len(cmds) > 0 {
		if err := s.Log.Append(tick, cmds); err != nil {
			s.err = fmt.Errorf("%w: tick %d: %w", ErrNotRecorded, tick, err)
			return nil, s.err
		}
	}
	evs := s.World.Step(cmds)
	every := s.Every
	if every <= 0 {
		every = DefaultCheckpointEvery
	}
	if t := s.World.Tick(); s.Log != nil && t != tick && t%every == 0 {
		if err := s.checkpoint(); err != nil {
			return evs, err
		}
	}
	return evs, nil
}

func (s *Stepper) checkpoint() error {
	t := s.World.Tick()
	if err := s.Log.Checkpoint(t, s.World.Hash()); err != nil {
		s.err = fmt.Errorf("%w: checkpoint at tick %d: %w", ErrNotRecorded, t, err)
		return s.err
	}
	s.checked, s.hasChk = t, true
	return nil
}

// Finish writes a last checkpoint at the World's tick (unless one is
// there already), so that a replay reaches it, and returns the first
// recording failure, if any. The caller closes the Log.
func (s *Stepper) Finish() error {
	if s.err != nil || s.Log == nil || (s.hasChk && s.checked == s.World.Tick()) {
		return s.err
	}
	return s.checkpoint()
}

// Err returns the recording failure that stops the Stepper, or nil.
func (s *Stepper) Err() error { return s.err }

// Retry forgets the failure, so that the next Step tries to record again
// (after the operator freed the disk, say).
func (s *Stepper) Retry() { s.err = nil }
