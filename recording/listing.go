package recording

import "time"

// Listing describes a stored recording as the exercise server lists it (GET
// /api/recordings): read from its first and last records (Peek), without
// reading it all.
type Listing struct {
	ID       string    `json:"id"`
	Scenario string    `json:"scenario"`
	Map      string    `json:"map"`
	Teams    []string  `json:"teams"`
	Seed     uint64    `json:"seed"`
	Created  time.Time `json:"created"`
	// Ticks is the last recorded tick; Seconds the simulated time it
	// covers.
	Ticks       int32 `json:"ticks"`
	Seconds     int   `json:"seconds"`
	TickSeconds int   `json:"tick_seconds"` // simulated seconds per tick
	Bytes       int64 `json:"bytes"`
	// Live reports that the exercise runs now: its recording grows.
	Live bool `json:"live"`
	// BranchOf names the recording and tick it was branched from.
	BranchOf *Origin `json:"branch_of,omitempty"`
}
