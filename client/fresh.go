package client

import (
	"slices"

	"github.com/borderdrill/borderdrill/sim"
)

// FreshSeconds is how long a track counts as new after it first appears
// in the picture, simulated seconds, unless the user looks at it first
// (selects it).
const FreshSeconds = 10 * 60

// Fresh keeps which tracks of the picture are new: first seen within
// FreshSeconds and not yet looked at. The render flashes them and points
// at the ones off screen; the key J jumps to them in turn.
type Fresh struct {
	first map[int32]int32 // track id → tick first seen
	seen  map[int32]bool  // tracks the user has looked at
	team  int             // the picture's team; a switch starts over
	ticks int32           // FreshSeconds in ticks
	init  bool
	buf   []sim.TrackView // ByAge's result, reused
	top   []agedTrack     // ByAge's working set
}

// NewFresh returns a Fresh for an exercise of tickSeconds per tick.
func NewFresh(tickSeconds int) *Fresh {
	return &Fresh{first: map[int32]int32{}, seen: map[int32]bool{}, ticks: int32(FreshSeconds / max(tickSeconds, 1))}
}

// Arrive notes the tracks of a new view. The tracks of the first view of
// a picture (a client joining late, a view switch) are not new.
func (f *Fresh) Arrive(v *sim.View) {
	if v == nil {
		return
	}
	if !f.init || v.Team != f.team {
		clear(f.first)
		clear(f.seen)
		f.team, f.init = v.Team, true
		for _, t := range v.Tracks {
			f.first[t.ID] = v.Tick - f.ticks - 1
		}
		return
	}
	for _, t := range v.Tracks {
		if _, ok := f.first[t.ID]; !ok {
			f.first[t.ID] = v.Tick
		}
	}
	// Forget tracks gone from the picture.
	if len(f.first) > 2*len(v.Tracks)+64 {
		live := make(map[int32]bool, len(v.Tracks))
		for _, t := range v.Tracks {
			live[t.ID] = true
		}
		for id := range f.first {
			if !live[id] {
				delete(f.first, id)
				delete(f.seen, id)
			}
		}
	}
}

// Seen marks a track as looked at: it is no longer new.
func (f *Fresh) Seen(id int32) { f.seen[id] = true }

// New reports whether track id is new at tick.
func (f *Fresh) New(id, tick int32) bool {
	at, ok := f.first[id]
	return ok && !f.seen[id] && tick-at <= f.ticks
}

// FirstSeen returns the tick track id first appeared in the picture.
func (f *Fresh) FirstSeen(id int32) (int32, bool) {
	at, ok := f.first[id]
	return at, ok
}

// ByAge returns the n newest tracks of v, newest first (by the tick each
// first appeared, then by id). The slice is valid until the next call.
func (f *Fresh) ByAge(v *sim.View, n int) []sim.TrackView {
	if v == nil || n <= 0 {
		return nil
	}
	newer := func(a, b agedTrack) bool { return a.at > b.at || (a.at == b.at && a.t.ID > b.t.ID) }
	top := f.top[:0]
	for _, t := range v.Tracks {
		a := agedTrack{f.first[t.ID], t}
		if len(top) == n && !newer(a, top[n-1]) {
			continue
		}
		// Insert a in order, dropping the oldest beyond n.
		k := len(top)
		if k < n {
			top = append(top, agedTrack{})
		} else {
			k = n - 1
		}
		for k > 0 && newer(a, top[k-1]) {
			top[k] = top[k-1]
			k--
		}
		top[k] = a
	}
	f.top = top
	f.buf = f.buf[:0]
	for _, a := range top {
		f.buf = append(f.buf, a.t)
	}
	return f.buf
}

// agedTrack is a track with the tick it first appeared.
type agedTrack struct {
	at int32
	t  sim.TrackView
}

// CountNew returns how many tracks of v are new.
func (f *Fresh) CountNew(v *sim.View) int {
	if v == nil {
		return 0
	}
	n := 0
	for _, t := range v.Tracks {
		if f.New(t.ID, v.Tick) {
			n++
		}
	}
	return n
}

// NewTracks returns the new tracks of v, oldest first, so that J takes
// them in the order they came.
func (f *Fresh) NewTracks(v *sim.View) []sim.TrackView {
	if v == nil {
		return nil
	}
	var out []sim.TrackView
	for _, t := range v.Tracks {
		if f.New(t.ID, v.Tick) {
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, func(a, b sim.TrackView) int {
		if fa, fb := f.first[a.ID], f.first[b.ID]; fa != fb {
			return int(fa - fb)
		}
		return int(a.ID - b.ID)
	})
	return out
}
