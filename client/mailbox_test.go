package client_test

import (
	"testing"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/sim"
)

func TestMailbox(t *testing.T) {
	m := client.NewMailbox(3)
	if v, evs, changed := m.Take(); changed || len(evs) != 0 || v == nil {
		t.Fatalf("empty mailbox: view %v, %d events, changed %v", v, len(evs), changed)
	}
	m.Back().Tick = 7
	if got := m.Publish().Tick; got != 7 {
		t.Fatalf("published tick %d, want 7", got)
	}
	m.Back().Tick = 8 // the producer fills the next view while 7 waits
	for tick := int32(1); tick <= 5; tick++ {
		m.Add(sim.Event{Kind: sim.EvMessage, Tick: tick})
	}
	v, evs, changed := m.Take()
	if !changed || v.Tick != 7 {
		t.Fatalf("Take: tick %d changed %v, want 7 true", v.Tick, changed)
	}
	if len(evs) != 3 || evs[0].Tick != 3 || evs[2].Tick != 5 || m.Lost() != 2 {
		t.Fatalf("events %v, lost %d: want ticks 3..5 and 2 lost", evs, m.Lost())
	}
	if _, evs, changed := m.Take(); changed || len(evs) != 0 {
		t.Fatalf("second Take: %d events, changed %v", len(evs), changed)
	}
	if m.Newest().Tick != 7 {
		t.Fatalf("newest tick %d, want 7", m.Newest().Tick)
	}
	m.Publish()
	if m.Newest().Tick != 8 {
		t.Fatalf("newest after the second Publish %d, want 8", m.Newest().Tick)
	}
}
