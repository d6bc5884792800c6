package render

import (
	"github.com/borderdrill/borderdrill/client"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
)

// keyMap maps Ebiten keys to the client's keys.
var keyMap = map[ebiten.Key]client.Key{
	ebiten.KeySpace:          client.KeySpace,
	ebiten.KeyDigit1:         client.Key1,
	ebiten.KeyDigit2:         client.Key2,
	ebiten.KeyDigit3:         client.Key3,
	ebiten.KeyDigit4:         client.Key4,
	ebiten.KeyDigit5:         client.Key5,
	ebiten.KeyDigit6:         client.Key6,
	ebiten.KeyDigit7:         client.Key7,
	ebiten.KeyDigit8:         client.Key8,
	ebiten.KeyDigit9:         client.Key9,
	ebiten.KeyNumpad1:        client.Key1,
	ebiten.KeyNumpad2:        client.Key2,
	ebiten.KeyNumpad3:        client.Key3,
	ebiten.KeyNumpad4:        client.Key4,
	ebiten.KeyNumpad5:        client.Key5,
	ebiten.KeyNumpad6:        client.Key6,
	ebiten.KeyNumpad7:        client.Key7,
	ebiten.KeyNumpad8:        client.Key8,
	ebiten.KeyNumpad9:        client.Key9,
	ebiten.KeyS:              client.KeyS,
	ebiten.KeyQ:              client.KeyQ,
	ebiten.KeyG:              client.KeyG,
	ebiten.KeyD:              client.KeyD,
	ebiten.KeyL:              client.KeyL,
	ebiten.KeyK:              client.KeyK,
	ebiten.KeyB:              client.KeyB,
	ebiten.KeyH:              client.KeyH,
	ebiten.KeyI:              client.KeyI,
	ebiten.KeyC:              client.KeyC,
	ebiten.KeyF:              client.KeyF,
	ebiten.KeyTab:            client.KeyTab,
	ebiten.KeyEnter:          client.KeyEnter,
	ebiten.KeyNumpadEnter:    client.KeyEnter,
	ebiten.KeyEscape:         client.KeyEscape,
	ebiten.KeyF1:             client.KeyHelp,
	ebiten.KeyEqual:          client.KeyPlus, // '=' and '+' share the key
	ebiten.KeyNumpadAdd:      client.KeyPlus,
	ebiten.KeyMinus:          client.KeyMinus,
	ebiten.KeyNumpadSubtract: client.KeyMinus,
	ebiten.KeyPageUp:         client.KeyPageUp,
	ebiten.KeyPageDown:       client.KeyPageDown,
	ebiten.KeyBracketLeft:    client.KeyBracketLeft,
	ebiten.KeyBracketRight:   client.KeyBracketRight,
	ebiten.KeyArrowUp:        client.KeyUp, // also held (arrows): a press moves a table's or form's cursor
	ebiten.KeyArrowDown:      client.KeyDown,
	ebiten.KeyArrowLeft:      client.KeyLeft,
	ebiten.KeyArrowRight:     client.KeyRight,
	ebiten.KeyHome:           client.KeyHome,
	ebiten.KeyEnd:            client.KeyEnd,
	ebiten.KeyN:              client.KeyN,
	ebiten.KeyComma:          client.KeyComma,
	ebiten.KeyPeriod:         client.KeyPeriod,
	ebiten.KeyT:              client.KeyT,
	ebiten.KeyBackspace:      client.KeyBackspace,
	ebiten.KeyR:              client.KeyR,
	ebiten.KeyA:              client.KeyA,
	ebiten.KeyV:              client.KeyV,
	ebiten.KeyU:              client.KeyU,
	ebiten.KeyX:              client.KeyX,
	ebiten.KeyP:              client.KeyP,
	ebiten.KeyW:              client.KeyW,
	ebiten.KeyE:              client.KeyE,
	ebiten.KeyY:              client.KeyY,
	ebiten.KeyM:              client.KeyM,
	ebiten.KeyZ:              client.KeyZ,
}

// arrows are the keys whose held state pans the camera.
var arrows = [...]struct {
	e ebiten.Key
	k client.Key
}{
	{ebiten.KeyArrowLeft, client.KeyLeft},
	{ebiten.KeyArrowRight, client.KeyRight},
	{ebiten.KeyArrowUp, client.KeyUp},
	{ebiten.KeyArrowDown, client.KeyDown},
}

// inputReader reads one frame of Ebiten input into a client.Input,
// reusing its slices.
type inputReader struct {
	just  []ebiten.Key
	chars []rune
	in    client.Input
}

func (r *inputReader) read() client.Input {
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
			in.Keys = append(in.Keys, client.KeyHelp)
			continue
		}
		if ck, ok := keyMap[k]; ok {
			in.Keys = append(in.Keys, ck)
		}
	}
	// '?' typed on layouts where it is not shift+slash.
	r.chars = ebiten.AppendInputChars(r.chars[:0])
	for _, c := range r.chars {
		if c == '?' && !hasKey(in.Keys, client.KeyHelp) {
			in.Keys = append(in.Keys, client.KeyHelp)
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

func hasKey(ks []client.Key, k client.Key) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func button(b ebiten.MouseButton) client.Button {
	return client.Button{
		Down:     ebiten.IsMouseButtonPressed(b),
		Pressed:  inpututil.IsMouseButtonJustPressed(b),
		Released: inpututil.IsMouseButtonJustReleased(b),
	}
}
