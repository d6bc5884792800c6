package sim

import "fmt"

// The MSEL as a live table: each row is pending, fired, skipped, postponed
// (its time moved later by a duration) or a contingency (it fires at its
// time only if the row it stands in for has not fired by then, else it is
// skipped). The white cell skips and postpones rows with commands, recorded
// like any other, so a replay reproduces the table.

// Commands on the MSEL (exercise control's range, 56–63).
const (
	CmdSkip     CommandKind = 56 // instructor: MSEL row Inject will not fire
	CmdPostpone CommandKind = 57 // instructor: MSEL row Inject's time moves For ticks later
)

// RowStatus is the state of one MSEL row.
type RowStatus uint8

// Row states.
const (
	RowPending     RowStatus = iota // waiting for its time, trigger or the white cell
	RowFired                        // fired
	RowSkipped                      // will not fire: skipped by the white cell, or a contingency not needed
	RowPostponed                    // a timed row whose time the white cell moved later
	RowContingency                  // fires at its time only if the row it stands in for has not
)

// String names the row state as the wire spells it.
func (s RowStatus) String() string {
	switch s {
	case RowPending:
		return "pending"
	case RowFired:
		return "fired"
	case RowSkipped:
		return "skipped"
	case RowPostponed:
		return "postponed"
	case RowContingency:
		return "contingency"
	}
	return "unknown"
}

// Reasons a skip or postpone is rejected.
const (
	ReasonSkipped      = "skipped"
	ReasonNotTimed     = "not_timed"
	ReasonBadPostpone  = "bad_postpone"
	ReasonNotNeeded    = "not_needed"
	msgSkipped         = "skipped"
	msgPostponed       = "postponed"
	msgContingencyGone = "skipped: not needed"
)

// mselControl reports whether k is one of the MSEL's commands.
func (k CommandKind) mselControl() bool { return k == CmdSkip || k == CmdPostpone }

// HasInject reports whether the MSEL has a row id: the scenario's, or an
// ad-hoc inject the white cell has sent.
func (w *World) HasInject(id string) bool { return w.injectIndex(id) >= 0 }

// status is the row's state now.
func (in *injectState) status() RowStatus {
	switch {
	case in.fired:
		return RowFired
	case in.skipped:
		return RowSkipped
	case in.spec.Contingency != "":
		return RowContingency
	case in.postponed > 0:
		return RowPostponed
	}
	return RowPending
}

// at is the tick a timed row is due: its time plus what it was postponed.
func (in *injectState) at() int32 { return in.spec.At + in.postponed }

// mselCommand applies a skip or postpone.
func (w *World) mselCommand(c *Command) {
	i := w.injectIndex(c.Inject)
	switch {
	case i < 0:
		w.reject(c, ReasonNoInject)
		return
	case w.injects[i].fired:
		w.reject(c, ReasonFired)
		return
	case w.injects[i].skipped:
		w.reject(c, ReasonSkipped)
		return
	}
	in := &w.injects[i]
	text := msgSkipped
	if c.Kind == CmdPostpone {
		switch {
		case in.spec.Trigger != TriggerTime:
			w.reject(c, ReasonNotTimed)
			return
		case c.For < 1:
			w.reject(c, ReasonBadPostpone)
			return
		}
		in.postponed += c.For
		text = fmt.Sprintf("%s %s by %.0f min", msgPostponed, in.spec.ID, float64(c.For)*w.ts/60)
	} else {
		in.skipped = true
		text = msgSkipped + " " + in.spec.ID
	}
	w.accept(c)
	w.emit(Event{Kind: EvControl, Team: Instructor, Text: c.Kind.String(), Message: text})
}

// contingencyDue decides a contingency row whose time has come: it
// reports true when the row it stands in for has not fired; otherwise the
// row is skipped as not needed.
func (w *World) contingencyDue(in *injectState) bool {
	j := w.injectIndex(in.spec.Contingency)
	if j < 0 || !w.injects[j].fired {
		return true
	}
	in.skipped = true
	w.emit(Event{Kind: EvControl, Team: Instructor, Text: msgContingencyGone, Message: in.spec.ID + ": " + ReasonNotNeeded})
	return false
}
