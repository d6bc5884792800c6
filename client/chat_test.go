package client_test

import (
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

func TestChatBox(t *testing.T) {
	v := &sim.View{Comms: []sim.CommsView{{Agreement: "bridges"}, {Agreement: "trochas", Commission: "Comisión binacional"}}}
	ts := client.ChatTargets(v)
	if len(ts) != 4 || ts[0].Channel != wire.ChanTeam || ts[2] != (client.ChatTarget{Channel: wire.ChanLiaison, Agreement: "trochas"}) ||
		ts[3] != (client.ChatTarget{Channel: wire.ChanCommission, Agreement: "trochas", Commission: "Comisión binacional"}) {
		t.Fatalf("targets %+v: want the team, two liaison channels and trochas's commission", ts)
	}
	ts = ts[:3]
	var b client.ChatBox
	if _, _, ok := b.Update(client.Input{Chars: []rune("x"), Keys: []client.Key{client.KeyEnter}}, ts); ok || len(b.Text) != 0 {
		t.Fatal("a closed box took input")
	}
	b.Open = true
	b.Update(client.Input{Chars: []rune("holaa\x07")}, ts)
	b.Update(client.Input{Keys: []client.Key{client.KeyBackspace, client.KeyTab, client.KeyTab}}, ts)
	b.Update(client.Input{Chars: []rune(" ¿qué?")}, ts)
	to, line, ok := b.Update(client.Input{Keys: []client.Key{client.KeyEnter}}, ts)
	if !ok || line != "hola ¿qué?" || to != ts[2] || b.Open || len(b.Text) != 0 {
		t.Fatalf("sent %v %q to %+v, box %+v", ok, line, to, b)
	}
	// The channel stays chosen; Tab wraps; Esc drops the line.
	b.Open = true
	b.Update(client.Input{Chars: []rune("never sent"), Keys: []client.Key{client.KeyTab}}, ts)
	if b.Target != 0 {
		t.Errorf("Tab from the last channel went to %d", b.Target)
	}
	if _, _, ok := b.Update(client.Input{Keys: []client.Key{client.KeyEscape}}, ts); ok || b.Open || len(b.Text) != 0 {
		t.Errorf("Esc: box %+v", b)
	}
	// An empty line sends nothing; the line is capped.
	b.Open = true
	if _, _, ok := b.Update(client.Input{Keys: []client.Key{client.KeyEnter}}, ts); ok {
		t.Error("an empty line was sent")
	}
	b.Open = true
	b.Update(client.Input{Chars: []rune(strings.Repeat("ab", client.MaxChatRunes))}, ts)
	if len(b.Text) != client.MaxChatRunes {
		t.Errorf("line of %d runes, want the cap %d", len(b.Text), client.MaxChatRunes)
	}
}
