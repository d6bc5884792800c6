package aar_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/aar"
	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/scenarios"
)

// TestCommsSection is issue 13's chat done-when: a 12-hour recording with
// 200 chat lines (50 on a team channel, 50 liaison lines each answered by
// the partner after a known delay, 50 liaison lines lost to a comms cut)
// replays, and the review reports the lines per channel and the median
// liaison reply time.
func TestCommsSection(t *testing.T) {
	const name = "col-ven-cucuta-bridges"
	sc, err := scenarios.Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	ts := int32(max(sc.TickSeconds, 1))
	ticks := 12 * 3600 / ts
	every := ticks / 50
	ag := sc.Agreements[0]
	chats := map[int32][]recording.Chat{}
	for k := range int32(50) {
		base := k * every
		delay := 60 + 10*k // ticks; sorted, the median is (300 + 310) / 2
		chats[base] = append(chats[base], recording.Chat{Tick: base, Channel: "liaison", Team: ag.A, Agreement: ag.ID, From: "A", Text: "seen a group?"})
		chats[base+delay] = append(chats[base+delay], recording.Chat{Tick: base + delay, Channel: "liaison", Team: ag.B, Agreement: ag.ID, From: "B", Text: "yes"})
		chats[base+every*7/10] = append(chats[base+every*7/10], recording.Chat{Tick: base + every*7/10, Channel: "team", Team: 0, From: "T", Text: "status"})
		chats[base+every*8/10] = append(chats[base+every*8/10], recording.Chat{Tick: base + every*8/10, Channel: "liaison", Team: ag.A, Agreement: ag.ID, From: "A", Text: "hello?", Lost: "comms cut"})
	}
	rec, _ := drilltest.RecordWith(t, name, 4, ticks, func(tick int32, wr *recording.Writer) {
		for _, c := range chats[tick] {
			if err := wr.Chat(c); err != nil {
				t.Fatal(err)
			}
		}
	})
	if len(rec.Chats) != 200 {
		t.Fatalf("%d chat lines read back, want 200", len(rec.Chats))
	}
	if _, err := recording.Verify(rec); err != nil {
		t.Fatalf("a recording with chat does not replay: %v", err)
	}
	r, err := aar.Build(rec, aar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]int{"team " + sc.Teams[0].ID: {50, 0}, "liaison " + ag.ID: {100, 50}}
	if len(r.Comms.Channels) != len(want) {
		t.Errorf("channels %+v, want %v", r.Comms.Channels, want)
	}
	for _, cc := range r.Comms.Channels {
		if w := want[cc.Channel]; cc.Lines != w[0] || cc.Lost != w[1] {
			t.Errorf("channel %s: %d lines, %d lost; want %v", cc.Channel, cc.Lines, cc.Lost, w)
		}
	}
	if r.Comms.Replies != 50 || r.Comms.MedianReplyTicks != 305 || r.Comms.Lost != 50 {
		t.Errorf("replies %d, median %d ticks, lost %d; want 50, 305, 50", r.Comms.Replies, r.Comms.MedianReplyTicks, r.Comms.Lost)
	}
	var html bytes.Buffer
	if err := aar.WriteHTML(&html, r, aar.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html.String(), "median liaison reply time "+r.Comms.MedianReply) {
		t.Error("the HTML review lacks the communications section")
	}
}
