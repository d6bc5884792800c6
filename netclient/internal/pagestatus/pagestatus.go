// Package pagestatus is the contract between netclient's browser test and
// its page (netclient/testdata/wasm): what the page publishes in
// window.bdStatus as JSON, and what the test reads back.
package pagestatus

// Status is what the page has seen of the exercise it joined.
type Status struct {
	Err      string `json:"err,omitempty"`      // why the page stopped, if it did
	Team     int    `json:"team"`               // the team the code admits to
	Map      string `json:"map"`                // the exercise's map
	Frames   int    `json:"frames"`             // views received
	Tick     int32  `json:"tick"`               // the latest view's tick
	Units    int    `json:"units"`              // units in the latest view
	Crossers int    `json:"crossers"`           // crossers in the latest view
	Accepted bool   `json:"accepted"`           // the page's move was accepted
	Rejected string `json:"rejected,omitempty"` // or rejected, with this reason
}
