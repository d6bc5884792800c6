package aar

import (
	"slices"

	"github.com/borderdrill/borderdrill/recording"
)

// Comms is the review's communications section, from the recorded chat.
type Comms struct {
	Channels []ChannelCount // by channel name
	Lines    int            // delivered
	Lost     int            // lost to comms cuts
	// Replies are the liaison lines answered by the other party; the
	// median time from a line (the first of those unanswered) to the
	// other party's next line on the same agreement.
	Replies          int
	MedianReplyTicks int32
	MedianReply      string // in words; "" with no reply
}

// ChannelCount is one channel's lines: "team MIG", "liaison col-ven".
type ChannelCount struct {
	Channel     string
	Lines, Lost int
}

// comms fills the communications section from the recording's chat.
func (r *Report) comms(chats []recording.Chat) {
	counts := map[string]*ChannelCount{}
	type waiting struct {
		team int
		tick int32
	}
	open := map[string]waiting{} // by agreement: the first unanswered line
	var replies []int32
	for _, c := range chats {
		name := c.Channel + " " + c.Agreement
		if c.Channel == "team" {
			name = "team " + r.teamID(c.Team)
		}
		cc := counts[name]
		if cc == nil {
			cc = &ChannelCount{Channel: name}
			counts[name] = cc
		}
		if c.Lost != "" {
			cc.Lost++
			r.Comms.Lost++
			continue
		}
		cc.Lines++
		r.Comms.Lines++
		if c.Channel != "liaison" {
			continue
		}
		switch q, ok := open[c.Agreement]; {
		case !ok:
			open[c.Agreement] = waiting{c.Team, c.Tick}
		case q.team != c.Team:
			replies = append(replies, c.Tick-q.tick)
			delete(open, c.Agreement)
		}
	}
	for _, cc := range counts {
		r.Comms.Channels = append(r.Comms.Channels, *cc)
	}
	slices.SortFunc(r.Comms.Channels, func(a, b ChannelCount) int {
		if a.Channel < b.Channel {
			return -1
		}
		if a.Channel > b.Channel {
			return 1
		}
		return 0
	})
	r.Comms.Replies = len(replies)
	if len(replies) > 0 {
		slices.Sort(replies)
		m := replies[len(replies)/2]
		if len(replies)%2 == 0 {
			m = (replies[len(replies)/2-1] + m) / 2
		}
		r.Comms.MedianReplyTicks, r.Comms.MedianReply = m, r.span(m)
	}
}

// teamID names a team index, "WHITE" for the white cell.
func (r *Report) teamID(t int) string {
	if t >= 0 && t < len(r.sc.Teams) {
		return r.sc.Teams[t].ID
	}
	return "WHITE"
}
