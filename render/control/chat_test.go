package control_test

import (
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/render/control"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

func TestChatBox(t *testing.T) {
	v := &sim.View{Comms: []sim.CommsView{{Agreement: "bridges"}, {Agreement: "trochas"}}}
	ts := control.ChatTargets(v)
	if len(ts) != 3 || ts[0].Channel != wire.ChanTeam || ts[2] != (control.ChatTarget{Channel: wire.ChanLiaison, Agreement: "trochas"}) {
		t.Fatalf("targets %+v", ts)
	}
	var b control.ChatBox
	if _, _, ok := b.Update(control.Input{Chars: []rune("x"), Keys: []control.Key{control.KeyEnter}}, ts); ok || len(b.Text) != 0 {
		t.Fatal("a closed box took input")
	}
	b.Open = true
	b.Update(control.Input{Chars: []rune("holaa\x07")}, ts)
	b.Update(control.Input{Keys: []control.Key{control.KeyBackspace, control.KeyTab, control.KeyTab}}, ts)
	b.Update(control.Input{Chars: []rune(" ¿qué?")}, ts)
	to, line, ok := b.Update(control.Input{Keys: []control.Key{control.KeyEnter}}, ts)
	if !ok || line != "hola ¿qué?" || to != ts[2] || b.Open || len(b.Text) != 0 {
		t.Fatalf("sent %v %q to %+v, box %+v", ok, line, to, b)
	}
	// The channel stays chosen; Tab wraps; Esc drops the line.
	b.Open = true
	b.Update(control.Input{Chars: []rune("never sent"), Keys: []control.Key{control.KeyTab}}, ts)
	if b.Target != 0 {
		t.Errorf("Tab from the last channel went to %d", b.Target)
	}
	if _, _, ok := b.Update(control.Input{Keys: []control.Key{control.KeyEscape}}, ts); ok || b.Open || len(b.Text) != 0 {
		t.Errorf("Esc: box %+v", b)
	}
	// An empty line sends nothing; the line is capped.
	b.Open = true
	if _, _, ok := b.Update(control.Input{Keys: []control.Key{control.KeyEnter}}, ts); ok {
		t.Error("an empty line was sent")
	}
	b.Open = true
	b.Update(control.Input{Chars: []rune(strings.Repeat("ab", control.MaxChatRunes))}, ts)
	if len(b.Text) != control.MaxChatRunes {
		t.Errorf("line of %d runes, want the cap %d", len(b.Text), control.MaxChatRunes)
	}
}
