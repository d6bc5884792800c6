package render

import "github.com/borderdrill/borderdrill/render/control"

// Exercise is the client's one connection to an exercise: views and events
// in, commands out. It is defined in package control (which imports no
// Ebiten package) so that implementations such as exercise.Local do not
// link Ebiten; see control.Exercise for the contract.
type Exercise = control.Exercise

// Info is what does not change during an exercise; see control.Info.
type Info = control.Info

// Team is one team as the client shows it; see control.Team.
type Team = control.Team
