package wire

import "github.com/borderdrill/borderdrill/sim"

// checkpoints is a checkpoint's live state on the wire; a Delta replaces
// the list whole.
var checkpoints = recordOf[sim.CheckpointView]("Name str, Team i, Pos pt, Open bool, Queue i, MeanWait f64, Lanes i, Installed i")

var checkpointSection = newSection(SecChecks, "Checks list", checkpoints.layout)
