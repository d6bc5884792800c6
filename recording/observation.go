package recording

// typeObservation is the type of an evaluator's observation's record.
const typeObservation = "observation"

// Observation is an evaluator's observation as the exercise recorded it:
// about an inject, an objective or a team, with an HSEEP rating. Like chat
// lines, observations are not commands: a replay leaves them out, and they
// change no hash.
type Observation struct {
	Tick    int32  `json:"tick"`
	Subject string `json:"subject"` // "inject", "objective" or "team"
	Ref     string `json:"ref"`     // the inject, objective or team id
	Rating  string `json:"rating"`  // "P", "S", "M" or "U"
	From    string `json:"from"`
	Text    string `json:"text"`
}

// Observation records an evaluator's observation at its tick.
func (w *Writer) Observation(o Observation) error { return w.note(o.Tick, typeObservation, o) }
