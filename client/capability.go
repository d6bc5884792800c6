package client

import (
	"context"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// Runner is implemented by an Exercise that advances on a goroutine of
// its own (exercise.Local, exercise.Replay): Run steps it until ctx is
// done. A Runner that nobody runs stands still. An Exercise that is not a
// Runner (a server connection) runs by itself.
type Runner interface {
	Run(ctx context.Context)
}

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

// Revealer is implemented by a review session of a server: the white cell
// shows every participant the ground truth, or their own picture again
// (R).
type Revealer interface {
	Reveal(on bool)
	Revealed() bool
}

// Brancher is implemented by an Exercise that can continue live from its
// current tick as a new exercise ("branch here"). ctx is the new
// exercise's lifetime: a connection to a branch on a server runs until
// ctx is done (or it is closed). A new exercise that is a Runner is not
// running yet: the caller runs it, on ctx.
type Brancher interface {
	Branch(ctx context.Context) (Exercise, error)
}

// BranchNoter is implemented by an Exercise made by a Brancher that has
// something to tell the user about it (a server's branch: its id and join
// codes); the render shows the note with "branched at …".
type BranchNoter interface {
	BranchNote() string
}

// Welcomer is implemented by an Exercise on a server (netclient.Client
// and what wraps it): Welcome is the server's greeting of the current
// connection, naming the exercise, the user's role and the map.
type Welcomer interface {
	Welcome() wire.Welcome
}

// Wrapper is implemented by an Exercise that wraps another (a tracker);
// the render looks through it for Timeline and Brancher, and Replace makes
// it wrap another exercise after a branch.
type Wrapper interface {
	Unwrap() Exercise
	Replace(Exercise)
}

// SoloClock is implemented by an Exercise whose one user runs its clock,
// whatever their team (exercise.Local: a trainee playing alone may pause
// and set the speed). ControlClock takes a pause, resume or speed command
// as the white cell's. In an exercise without it only the white cell
// controls time.
type SoloClock interface {
	ControlClock(cmd sim.Command)
}
