package wire

import (
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
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
	record: newRecord(
		posField(TrackPos, func(t *sim.TrackView) *orb.Point { return &t.Pos }),
		metresField(TrackErr, func(t *sim.TrackView) *float64 { return &t.Err }),
		ageField(TrackAge, func(t *sim.TrackView) *int32 { return &t.Age }),
		enumField(TrackSource, func(t *sim.TrackView) *sim.TrackSource { return &t.Source }, 0, 0),
		intField(TrackFrom, func(t *sim.TrackView) *int { return &t.From }),
		intField(TrackSize, func(t *sim.TrackView) *int { return &t.Size }),
		boolField(TrackShared, func(t *sim.TrackView) *bool { return &t.SharedTo }),
		boolField(TrackCustody, func(t *sim.TrackView) *bool { return &t.Custody }),
	),
	key:    func(t *sim.TrackView) TrackKey { return TrackKey{t.Team, t.ID} },
	setKey: func(t *sim.TrackView, k TrackKey) { t.Team, t.ID = k.Team, k.ID },
	encKey: func(e *enc, k TrackKey) { e.i(int64(k.Team)); e.i(int64(k.ID)) },
	decKey: func(d *dec) TrackKey { return TrackKey{Team: d.int(), ID: d.i32()} },
	keyMin: 2,
}
