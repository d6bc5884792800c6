package aar

import "github.com/borderdrill/borderdrill/sim"

// Request is a report or request between partners, with its answer and
// timing, for the review's cooperation section.
type Request struct {
	ID       int32
	Kind     string // report, pursuit, handover, assistance, protest
	From, To string // team ids
	State    string // the last state: granted, declined, expired, delivered, resolved, …
	Made     string // clock time
	Answered string // clock time of the last answer (a report: of its delivery); "" for none
	Took     string // from made to the last answer, in words; "" for none
	Reason   string // the last answer's reason
	Text     string // the need or the grounds
	Backup   bool   // sent by the backup means while the link was cut
}

// requests lists every report and request of the exercise in the order
// made, as the white cell saw them at the end.
func (r *Report) requests(w *sim.World) {
	for _, q := range w.Requests() {
		rq := Request{ID: q.ID, Kind: q.Kind.String(), From: r.teamName(q.From), To: r.teamName(q.To),
			State: q.State.String(), Made: r.clock(q.Made), Reason: q.Reason, Text: q.Text, Backup: q.Backup}
		if q.Answered >= 0 {
			rq.Answered, rq.Took = r.clock(q.Answered), r.span(q.Answered-q.Made)
		}
		r.Requests = append(r.Requests, rq)
	}
}
