package client

import "github.com/paulmach/orb"

// Place is a named place of the exercise's scenario (its places: key, or
// a map file's own places) that the map the client loaded may lack: the
// client labels it with the towns the scenario names.
type Place struct {
	Name string
	Pos  orb.Point // planar, metres
	// Label is the names to show by reader's language (maps.Town.Label);
	// "" to show Name.
	Label string
}
