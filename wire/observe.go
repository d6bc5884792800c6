package wire

import "fmt"

// TypeObservation is the type of an evaluator's observation (explicitly
// numbered: exercise control's messages follow the review's).
const TypeObservation Type = 13

// Roles of exercise control beside the white cell (explicit numbers, see
// Role).
const (
	// RoleEvaluator sees ground truth and the MSEL, sends Observations
	// and commands nothing.
	RoleEvaluator Role = 4
	// RoleController is a nation's controller: sees ground truth and the
	// MSEL and fires only the injects addressed to the teams of their
	// nation.
	RoleController Role = 5
)

// Rating is an HSEEP performance rating of an evaluator's observation.
type Rating uint8

// Ratings.
const (
	RatingP Rating = 1 // performed without challenges
	RatingS Rating = 2 // performed with some challenges
	RatingM Rating = 3 // performed with major challenges
	RatingU Rating = 4 // unable to be performed
)

// String is the rating's letter.
func (r Rating) String() string {
	switch r {
	case RatingP:
		return "P"
	case RatingS:
		return "S"
	case RatingM:
		return "M"
	case RatingU:
		return "U"
	}
	return "unknown"
}

// Subject is what an observation is about.
type Subject uint8

// Subjects.
const (
	SubjectInject    Subject = 1 // an MSEL row, by inject id
	SubjectObjective Subject = 2 // an objective, by its id
	SubjectTeam      Subject = 3 // a team, by its id
)

// String names the subject.
func (s Subject) String() string {
	switch s {
	case SubjectInject:
		return "inject"
	case SubjectObjective:
		return "objective"
	case SubjectTeam:
		return "team"
	}
	return "unknown"
}

// Observation is an evaluator's timestamped observation of an inject, an
// objective or a team, with a rating. The evaluator sends ID, Subject,
// Ref, Rating and Text; the server answers with an Ack of ID, stamps Tick
// and From, records it and passes it on to the white cell and the
// evaluators (never to a trainee or an observer).
type Observation struct {
	ID      uint32 // the evaluator's id, echoed in the Ack
	Subject Subject
	Ref     string // the inject, objective or team id
	Rating  Rating
	Text    string // at most MaxChat bytes are kept
	From    string // filled by the server: EVAL/name
	Tick    int32  // filled by the server
}

var observations = recordOf[Observation](fmt.Sprintf("ID u, Subject enum:%d:%d, Ref str, Rating enum:%d:%d, Text str, From str, Tick i",
	SubjectInject, SubjectTeam, RatingP, RatingU))

// Type implements Message.
func (*Observation) Type() Type { return TypeObservation }
