package wire

import "github.com/borderdrill/borderdrill/sim"

// barriers is a fence section on the wire; a Delta replaces the list whole.
var barriers = recordOf[sim.BarrierView]("Name str, Line pts, Cuts i")

var barrierSection = newSection(SecBarriers, "Barriers list", barriers.layout)
