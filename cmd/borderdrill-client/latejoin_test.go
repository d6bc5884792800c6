//go:build !js

package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/borderdrill/borderdrill/internal/browsertest"
	"github.com/borderdrill/borderdrill/sim"
)

// TestBrowserLateJoiner: a GRC trainee opens the browser client of a
// grc-tur exercise that has run to 02:00 on its clock (six simulated hours,
// at 1,000 ticks a second, then paused by the white cell). The page's event log must hold
// the opening brief and every message fired to GRC or to all before it
// joined, oldest first, once each, and its start card the same messages.
func TestBrowserLateJoiner(t *testing.T) {
	h := browserSetup(t)
	ex := h.Exercise(t, "grc-tur-evros-river", 1000)
	t.Cleanup(func() { stopExercise(t, h, ex.ID) })

	// The white cell lets it run to 02:00 on the exercise's clock (six
	// hours after its 20:00 start), then pauses.
	white := h.Join(t, testToken, ex.ID, "white")
	info := white.Info()
	joinAt := int32((2*3600-info.StartSecond+86400)%86400) / int32(info.TickSeconds)
	var v *sim.View
	deadline := time.Now().Add(2 * browserTimeout) // six simulated hours at 1,000 ticks a second, under load
	for v == nil || v.Tick < joinAt {
		if time.Now().After(deadline) {
			t.Fatalf("the exercise did not reach tick %d", joinAt)
		}
		<-white.Updated()
		v, _, _ = white.Poll()
	}
	white.Send(sim.Command{Kind: sim.CmdPause})
	for !v.Paused {
		if time.Now().After(deadline) {
			t.Fatal("the exercise did not pause")
		}
		<-white.Updated()
		v, _, _ = white.Poll()
	}
	// What GRC (team 0) was told before it joined: the injects fired to it
	// or to all, in the order they fired, as the white cell's MSEL shows.
	var fired []sim.InjectView
	for _, in := range v.Injects {
		if in.Fired && in.FiredAt < v.Tick && (in.Addressee == sim.All || in.Addressee == 0) {
			fired = append(fired, in)
		}
	}
	slices.SortStableFunc(fired, func(a, b sim.InjectView) int { return int(a.FiredAt - b.FiredAt) })
	if len(fired) < 2 || fired[0].ID != "E1" || joinAt < 6*3600 {
		t.Fatalf("fired before %d: %+v; want the opening brief E1 and at least one more", v.Tick, fired)
	}
	var want []string
	for _, in := range fired {
		s := in.Synopsis
		if in.Message != "" {
			s = in.Message
		}
		want = append(want, "earlier message: "+s)
	}

	// In English: the shared browser remembers the last language chosen.
	bctx := browsertest.Tab(t)
	if err := chromedp.Do(bctx, chromedp.Navigate(h.URL+"/client/?code="+ex.Codes["GRC"]+"&name=Late&lang=en")); err != nil {
		t.Fatal(err)
	}
	st := awaitStatus(t, bctx, time.Now().Add(browserTimeout), func(s hookStatus) bool { return s.Joined && len(s.Log) >= len(want) })
	if st.Tick < joinAt || st.TeamID != "GRC" {
		t.Fatalf("joined as %s at tick %d; want GRC at %d or later", st.TeamID, st.Tick, joinAt)
	}
	var earlier []string
	for _, l := range st.Log {
		if strings.HasPrefix(l, "earlier message: ") {
			earlier = append(earlier, l)
		}
	}
	if !slices.Equal(earlier, want) {
		t.Errorf("the page's log:\n%q\nwant, oldest first and once each:\n%q", st.Log, want)
	}
	card := strings.Join(st.Card, "\n")
	if !strings.Contains(card, "Messages before you joined") {
		t.Errorf("the start card has no messages section:\n%s", card)
	}
	for _, in := range fired {
		if in.Message != "" && !strings.Contains(card, in.Message) {
			t.Errorf("the start card lacks %s's message %q", in.ID, in.Message)
		}
	}
}
