package recording

import "fmt"

// typeChat is the type of a chat line's record.
const typeChat = "chat"

// Chat is one chat line as the exercise recorded it: delivered, or lost
// (Lost says why, e.g. the agreement's comms were cut). Chat lines are not
// commands: a replay leaves them out, and they change no hash.
type Chat struct {
	Tick      int32  `json:"tick"`
	Channel   string `json:"channel"` // "team" or "liaison"
	Team      int    `json:"team"`    // the sender's team index, or sim.Instructor
	Agreement string `json:"agreement,omitempty"`
	From      string `json:"from"`
	Text      string `json:"text"`
	// Phrase and Args, for a standard liaison phrase (wire.Phrases), are
	// its id and parameters; Text then holds its English wording.
	Phrase string   `json:"phrase,omitempty"`
	Args   []string `json:"args,omitempty"`
	Lost   string   `json:"lost,omitempty"`
}

// Chat records a chat line at its tick.
func (w *Writer) Chat(c Chat) error { return w.note(c.Tick, typeChat, c) }

// note records v, which is not a command (a chat line, an evaluator's
// observation), at tick as a record of type typ: v's JSON object with
// "type" first. v is a struct with a field that is always written (its
// tick).
func (w *Writer) note(tick int32, typ string, v any) error {
	b, err := marshalLine(v)
	if err != nil {
		return fmt.Errorf("recording: %s: %s: %w", w.path, typ, err)
	}
	line := append([]byte(`{"type":"`+typ+`",`), b[1:]...)
	return w.record(tick, line, false)
}
