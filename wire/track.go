package wire

import (
	"unsafe"

	"github.com/borderdrill/borderdrill/sim"
)

// Change bits of a track (TrackChange.Fields).
const (
	TrackPos uint16 = 1 << iota
	TrackErr
	TrackAge
	TrackSource
	TrackFrom
	TrackSize
	TrackShared
	TrackCustody
	TrackClass
	TrackClassBy
	TrackHanded
)

// TrackKey identifies a track: IDs are unique within a team's picture.
type TrackKey struct {
	Team int
	ID   int32
}

// TrackChange is a track added or changed. On the wire a changed track
// carries the tick of its last update instead of its age, so that ageing
// alone does not make a change; a client ages the tracks it holds by the
// ticks elapsed.
type TrackChange = Change[sim.TrackView]

// tracks is a track on the wire: its key is its picture's team and its ID.
var tracks = &entity[sim.TrackView, TrackKey]{
	record: recordOf[sim.TrackView]("Team i key, ID i key, Pos pos 1, Err q 2, Age age 4, Source enum 8, " +
		"From i 16, Size i 32, SharedTo bool 64, Custody bool 128, Class enum 256, ClassBy i 512, HandedTo i 1024"),
	key: func(t *sim.TrackView) TrackKey { return TrackKey{t.Team, t.ID} },
	codeKey: func(c coder, k *TrackKey) {
		c.signed(unsafe.Pointer(&k.Team), kInt)
		c.signed(unsafe.Pointer(&k.ID), kI32)
	},
}
