//go:build js

package maps

// worldData returns nil: the browser build carries only the bundled pairs
// and fetches other maps from the server (see Pack and Unpack).
func worldData() []byte { return nil }
