package client

// Key is a key the client reacts to, named by the key, not by the intent:
// the Controller decides what each key means for this user.
type Key uint8

// Keys.
const (
	KeyNone Key = iota
	KeySpace
	Key1
	Key2
	Key3
	Key4
	Key5
	Key6
	Key7
	Key8
	Key9
	KeyS
	KeyL
	KeyK
	KeyB
	KeyH
	KeyI
	KeyC
	KeyF
	KeyTab
	KeyEnter
	KeyEscape
	KeyHelp // '?' (or F1)
	KeyPlus
	KeyMinus
	KeyPageUp
	KeyPageDown
	KeyLeft
	KeyRight
	KeyUp
	KeyDown
	KeyBracketLeft  // '[': seek back (replay)
	KeyBracketRight // ']': seek forward (replay)
	KeyHome         // seek to the start (replay)
	KeyEnd          // seek to the end (replay)
	KeyN            // branch here (replay)
	KeyComma        // ',': previous mark on the timeline (replay)
	KeyPeriod       // '.': next mark on the timeline (replay)
	KeyT            // open the chat line (network play)
	KeyBackspace    // delete the last character of the chat line
	KeyR            // reveal a review's ground truth to everyone (white cell)
	KeyJ            // jump to the next new track
	KeyO            // open the start card (the briefing) again
	KeyU            // cycle the UI scale (1×, 1.25×, 1.5×, 2×)
	KeyQ            // the requests panel
	KeyG            // grant the request waiting longest
	KeyD            // decline it
)

// Digit returns 1..9 for Key1..Key9, else 0.
func (k Key) Digit() int {
	if k >= Key1 && k <= Key9 {
		return int(k-Key1) + 1
	}
	return 0
}

// Button is the state of a mouse button in one frame.
type Button struct {
	Down     bool // held
	Pressed  bool // went down this frame
	Released bool // went up this frame
}

// Input is one frame's input, in screen pixels.
type Input struct {
	X, Y  float64 // cursor position
	Left  Button
	Right Button
	Wheel float64 // vertical wheel steps; positive zooms in
	Shift bool    // a shift key is held
	Keys  []Key   // keys that went down this frame, in order
	Held  []Key   // keys held down (only the arrows matter)
	Chars []rune  // characters typed this frame (the chat line takes them)
}

func (in *Input) held(k Key) bool {
	for _, h := range in.Held {
		if h == k {
			return true
		}
	}
	return false
}
