// Package client is the client's side of an exercise without the screen:
// the contract between whatever runs an exercise and whatever shows it,
// and the device-free half of the user interface.
//
// The contract is Exercise (static Info once, then views and events in,
// commands out) and the optional capabilities an Exercise may have, each
// a named interface the user interface asserts: Runner (advances on a
// goroutine of its own), Timeline and Marker (a recording played back),
// Brancher and BranchNoter ("branch here"), Revealer (a review's ground
// truth for everyone), Chatter (chat with the other participants),
// Welcomer (an exercise on a server) and Wrapper (an Exercise wrapping
// another). exercise.Local, exercise.Replay and netclient.Client
// implement it; package render draws through it and never sees a
// sim.World.
//
// The user-interface half is the Camera that maps the planar world to the
// screen, the Controller that turns a snapshot of Input (cursor, buttons,
// keys) into sim.Commands and UI state, and the ChatBox. Package render
// fills an Input from Ebiten each frame and draws what the Controller
// holds.
//
// The package imports no Ebiten, no websocket and no server package (the
// module's import guard checks it), so the packages that implement the
// contract link none of them and its tests need no display.
package client
