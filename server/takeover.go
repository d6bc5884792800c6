package server

import (
	"slices"

	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// Reasons the white cell may not command a team's unit (take-over).
const (
	ReasonTeamAuto   = "team_auto"
	ReasonTeamManned = "team_manned"
)

// takeOver checks a white-cell order for a team's unit: the white cell may
// command the units of a team that is off computer control and has no
// trainee connected. It returns the reason it may not, or "".
func (x *exercise) takeOver(cmd *sim.Command) string {
	if cmd.Team != sim.Instructor || cmd.Kind < sim.CmdMove || cmd.Kind > sim.CmdRecall {
		return ""
	}
	team := x.w.UnitTeam(cmd.Unit)
	switch {
	case team < 0:
		return "" // the World answers: no such unit
	case x.w.Auto(team):
		return ReasonTeamAuto
	case slices.ContainsFunc(x.clients, func(c *client) bool { return c.role == wire.RoleTrainee && c.team == team }):
		return ReasonTeamManned
	}
	return ""
}

// chatRecorder is a Recorder that also keeps chat lines (recording.Writer).
type chatRecorder interface {
	Chat(recording.Chat) error
}

// recordChat keeps a live exercise's chat line in its recording, with why
// it was lost ("" when delivered). A failing write loses the line, not the
// exercise: chat changes no state.
func (x *exercise) recordChat(c *client, m *wire.Chat, lost string) {
	cr, ok := x.rec.(chatRecorder)
	if !ok || x.review != nil {
		return
	}
	cr.Chat(recording.Chat{Tick: m.Tick, Channel: m.Channel.String(), Team: c.team, Agreement: m.Agreement,
		From: m.From, Text: m.Text, Phrase: m.Phrase, Args: phraseArgs(m.Args), Lost: lost})
}
