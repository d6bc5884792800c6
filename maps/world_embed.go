//go:build !js

package maps

import _ "embed"

//go:generate go run ./internal/worldgen -in ../../shared/data/world -out data/world.bin

// worldBin is the compact world data (maps/data/world.bin, written by
// internal/worldgen). The browser build leaves it out (world_embed_js.go).
//
//go:embed data/world.bin
var worldBin []byte

// worldData returns the embedded world data file.
func worldData() []byte { return worldBin }
