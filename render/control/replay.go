package control

import "github.com/borderdrill/borderdrill/sim"

// Timeline is implemented by an Exercise that plays a recording back
// (exercise.Replay): the render then draws a timeline bar and maps the
// seek keys onto it.
type Timeline interface {
	Seek(tick int32) // re-simulate to tick and continue from there
	Duration() int32 // the recording's last tick
	Tick() int32     // the current tick
}

// Marker is implemented by a Timeline that knows the notable moments of
// its recording: the render marks them on the bar, names the one under the
// mouse, and the keys , and . jump to the previous and next one.
type Marker interface {
	// Marks returns the moments in tick order (ground-truth events of the
	// kinds MarkKind accepts), or nil while they are still being found.
	Marks() []sim.Event
}

// MarkKind reports whether events of kind k are timeline marks: injects
// fired, incidents, fences cut and objectives changing state.
func MarkKind(k sim.EventKind) bool {
	switch k {
	case sim.EvInject, sim.EvIncident, sim.EvFenceCut, sim.EvObjective:
		return true
	}
	return false
}

// Revealer is implemented by a review session of a server: the white cell
// shows every participant the ground truth, or their own picture again
// (R).
type Revealer interface {
	Reveal(on bool)
	Revealed() bool
}

// Brancher is implemented by an Exercise that can continue live from its
// current tick as a new exercise ("branch here").
type Brancher interface {
	Branch() (Exercise, error)
}

// Wrapper is implemented by an Exercise that wraps another (a tracker);
// the render looks through it for Timeline and Brancher, and Replace makes
// it wrap another exercise after a branch.
type Wrapper interface {
	Unwrap() Exercise
	Replace(Exercise)
}

// SeekStep is how far the seek keys [ and ] move, simulated seconds.
const SeekStep = 10 * 60
