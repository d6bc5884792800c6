package render

import (
	"github.com/borderdrill/borderdrill/render/control"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
)

// keyMap maps Ebiten keys to the client's keys.
var keyMap = map[ebiten.Key]control.Key{
	ebiten.KeySpace:          control.KeySpace,
	ebiten.KeyDigit1:         control.Key1,
	ebiten.KeyDigit2:         control.Key2,
	ebiten.KeyDigit3:         control.Key3,
	ebiten.KeyDigit4:         control.Key4,
	ebiten.KeyDigit5:         control.Key5,
	ebiten.KeyDigit6:         control.Key6,
	ebiten.KeyDigit7:         control.Key7,
	ebiten.KeyDigit8:         control.Key8,
	ebiten.KeyDigit9:         control.Key9,
	ebiten.KeyNumpad1:        control.Key1,
	ebiten.KeyNumpad2:        control.Key2,
	ebiten.KeyNumpad3:        control.Key3,
	ebiten.KeyNumpad4:        control.Key4,
	ebiten.KeyNumpad5:        control.Key5,
	ebiten.KeyNumpad6:        control.Key6,
	ebiten.KeyNumpad7:        control.Key7,
	ebiten.KeyNumpad8:        control.Key8,
	ebiten.KeyNumpad9:        control.Key9,
	ebiten.KeyS:              control.KeyS,
	ebiten.KeyL:              control.KeyL,
	ebiten.KeyK:              control.KeyK,
	ebiten.KeyB:              control.KeyB,
	ebiten.KeyH:              control.KeyH,
	ebiten.KeyI:              control.KeyI,
	ebiten.KeyC:              control.KeyC,
	ebiten.KeyF:              control.KeyF,
	ebiten.KeyTab:            control.KeyTab,
	ebiten.KeyEnter:          control.KeyEnter,
	ebiten.KeyNumpadEnter:    control.KeyEnter,
	ebiten.KeyEscape:         control.KeyEscape,
	ebiten.KeyF1:             control.KeyHelp,
	ebiten.KeyEqual:          control.KeyPlus, // '=' and '+' share the key
	ebiten.KeyNumpadAdd:      control.KeyPlus,
	ebiten.KeyMinus:          control.KeyMinus,
	ebiten.KeyNumpadSubtract: control.KeyMinus,
	ebiten.KeyPageUp:         control.KeyPageUp,
	ebiten.KeyPageDown:       control.KeyPageDown,
	ebiten.KeyBracketLeft:    control.KeyBracketLeft,
	ebiten.KeyBracketRight:   control.KeyBracketRight,
	ebiten.KeyHome:           control.KeyHome,
	ebiten.KeyEnd:            control.KeyEnd,
	ebiten.KeyN:              control.KeyN,
	ebiten.KeyComma:          control.KeyComma,
	ebiten.KeyPeriod:         control.KeyPeriod,
	ebiten.KeyT:              control.KeyT,
	ebiten.KeyBackspace:      control.KeyBackspace,
	ebiten.KeyR:              control.KeyR,
}

// arrows are the keys whose held state pans the camera.
var arrows = [...]struct {
	e ebiten.Key
	k control.Key
}{
	{ebiten.KeyArrowLeft, control.KeyLeft},
	{ebiten.KeyArrowRight, control.KeyRight},
	{ebiten.KeyArrowUp, control.KeyUp},
	{ebiten.KeyArrowDown, control.KeyDown},
}

// inputReader reads one frame of Ebiten input into a control.Input,
// reusing its slices.
type inputReader struct {
	just  []ebiten.Key
	chars []rune
	in    control.Input
}

func (r *inputReader) read() control.Input {
	in := &r.in
	in.Keys, in.Held = in.Keys[:0], in.Held[:0]
	x, y := ebiten.CursorPosition()
	in.X, in.Y = float64(x), float64(y)
	in.Left = button(ebiten.MouseButtonLeft)
	in.Right = button(ebiten.MouseButtonRight)
	_, in.Wheel = ebiten.Wheel()
	in.Shift = ebiten.IsKeyPressed(ebiten.KeyShift)
	r.just = inpututil.AppendJustPressedKeys(r.just[:0])
	for _, k := range r.just {
		if k == ebiten.KeySlash && in.Shift {
			in.Keys = append(in.Keys, control.KeyHelp)
			continue
		}
		if ck, ok := keyMap[k]; ok {
			in.Keys = append(in.Keys, ck)
		}
	}
	// '?' typed on layouts where it is not shift+slash.
	r.chars = ebiten.AppendInputChars(r.chars[:0])
	for _, c := range r.chars {
		if c == '?' && !hasKey(in.Keys, control.KeyHelp) {
			in.Keys = append(in.Keys, control.KeyHelp)
		}
	}
	in.Chars = r.chars
	for _, a := range arrows {
		if ebiten.IsKeyPressed(a.e) {
			in.Held = append(in.Held, a.k)
		}
	}
	return *in
}

func hasKey(ks []control.Key, k control.Key) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func button(b ebiten.MouseButton) control.Button {
	return control.Button{
		Down:     ebiten.IsMouseButtonPressed(b),
		Pressed:  inpututil.IsMouseButtonJustPressed(b),
		Released: inpututil.IsMouseButtonJustReleased(b),
	}
}
