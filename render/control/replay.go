package control

// Timeline is implemented by an Exercise that plays a recording back
// (exercise.Replay): the render then draws a timeline bar and maps the
// seek keys onto it.
type Timeline interface {
	Seek(tick int32) // re-simulate to tick and continue from there
	Duration() int32 // the recording's last tick
	Tick() int32     // the current tick
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
