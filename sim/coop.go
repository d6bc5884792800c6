package sim

import (
	"strconv"

	"github.com/paulmach/orb"
)

// Cooperation between neighbours: a team classifies the tracks in its
// picture, sends typed reports to a partner, and makes requests under an
// agreement (hot pursuit beyond the standing depth, hand-over of a track,
// assistance at a place, a protest over an incident) that the partner
// answers — a trainee, or the rule below when the partner is
// computer-controlled. Every step is a recorded command or follows from
// one, with its deadline and the ticks of each answer kept for the review.
//
// Reports and requests travel over the agreement's link: they reach the
// partner after the agreement's delay, and a cut link refuses them.

// Cooperation command kinds (the range 32–47 is issue 12's).
const (
	CmdClassify   CommandKind = 32 // Track is classified as Index (a Class); On with ClassFalseAlarm closes it
	CmdReport     CommandKind = 33 // typed report (Index, a ReportType) of Track to ToTeam, Count percent confident
	CmdPursuit    CommandKind = 34 // request: Unit may pursue Track into ToTeam's territory
	CmdHandover   CommandKind = 35 // request: responsibility for Track moves to ToTeam
	CmdAssistance CommandKind = 36 // request: ToTeam sends a unit to Target for the need Text
	CmdProtest    CommandKind = 37 // request: a protest to ToTeam over Unit's incident, Text the grounds
	CmdAnswer     CommandKind = 38 // answer (Count, an Answer) to request Index, Text the reason, Unit the unit sent
)

// Cooperation event kinds (the range 32–47 is issue 12's). Group carries
// the request's id.
const (
	EvReport  EventKind = 32 // a report reached Team (Track in its picture; Text the type, Message the gist)
	EvRequest EventKind = 33 // a request reached Team (Text the kind, Message the gist)
	EvAnswer  EventKind = 34 // a request was answered (Text the answer, Message the reason); to both parties
	EvExpired EventKind = 35 // a request's deadline passed unanswered (Text the kind); to both parties
	EvLost    EventKind = 36 // a report or request on its way was lost to a cut link (Text the kind); to the sender
)

// CutMode is what a cut link does to the messages on their way: reports,
// requests and shares.
type CutMode uint8

// Cut modes.
const (
	CutDrop  CutMode = iota // lost
	CutQueue                // kept, and delivered in order when the link returns
)

// String names the cut mode as scenario files spell it.
func (m CutMode) String() string {
	switch m {
	case CutDrop:
		return "drop"
	case CutQueue:
		return "queue"
	}
	return "unknown"
}

// coopCommandName names the cooperation command kinds, "" for another.
func coopCommandName(k CommandKind) string {
	switch k {
	case CmdClassify:
		return "classify"
	case CmdReport:
		return "report"
	case CmdPursuit:
		return "request_pursuit"
	case CmdHandover:
		return "handover"
	case CmdAssistance:
		return "request_assistance"
	case CmdProtest:
		return "protest"
	case CmdAnswer:
		return "answer"
	case CmdReadmission:
		return "readmission"
	case CmdTeamCommsDown:
		return "team_comms_down"
	case CmdTeamCommsUp:
		return "team_comms_up"
	}
	return ""
}

// coopEventName names the cooperation event kinds, "" for another.
func coopEventName(k EventKind) string {
	switch k {
	case EvReport:
		return "report"
	case EvRequest:
		return "request"
	case EvAnswer:
		return "answer"
	case EvExpired:
		return "expired"
	case EvLost:
		return "lost"
	case EvTeamComms:
		return "team_comms"
	case EvReadmissionIn:
		return "readmission_in"
	}
	return ""
}

// Class is what a team judges a track to be.
type Class uint8

// Classes.
const (
	ClassUnknown    Class = iota // not classified
	ClassMigrants                // irregular migrants
	ClassSmugglers               // smugglers or traffickers
	ClassVulnerable              // vulnerable persons or persons in distress
	ClassFalseAlarm              // nothing there
)

// String names the class as the wire spells it.
func (c Class) String() string {
	switch c {
	case ClassUnknown:
		return "unknown"
	case ClassMigrants:
		return "migrants"
	case ClassSmugglers:
		return "smugglers"
	case ClassVulnerable:
		return "vulnerable"
	case ClassFalseAlarm:
		return "false_alarm"
	}
	return "unknown"
}

// ReportType is the type of a report to a partner, after EUROSUR's event
// sub-layers.
type ReportType uint8

// Report types.
const (
	ReportNone       ReportType = iota // not a report
	ReportCrossing                     // an unauthorised border crossing
	ReportRiskToLife                   // a situation with risk to life
	ReportCrime                        // cross-border crime
	ReportCrisis                       // a crisis
	ReportOther                        // any other event
)

// String names the report type as the wire spells it.
func (r ReportType) String() string {
	switch r {
	case ReportNone:
		return "none"
	case ReportCrossing:
		return "unauthorised_crossing"
	case ReportRiskToLife:
		return "risk_to_life"
	case ReportCrime:
		return "cross_border_crime"
	case ReportCrisis:
		return "crisis"
	case ReportOther:
		return "other"
	}
	return "unknown"
}

// RequestKind is what a request (or report) between partners is.
type RequestKind uint8

// Request kinds. A report is listed with the requests, though nobody
// answers it.
const (
	ReqReport     RequestKind = iota + 1 // a typed report (no answer)
	ReqPursuit                           // hot pursuit beyond the standing depth
	ReqHandover                          // responsibility for a track
	ReqAssistance                        // a unit at a place
	ReqProtest                           // a protest over an incident
)

// String names the request kind as the wire spells it.
func (k RequestKind) String() string {
	switch k {
	case ReqReport:
		return "report"
	case ReqPursuit:
		return "pursuit"
	case ReqHandover:
		return "handover"
	case ReqAssistance:
		return "assistance"
	case ReqProtest:
		return "protest"
	case ReqReadmission:
		return "readmission"
	}
	return "unknown"
}

// RequestState is where a request stands.
type RequestState uint8

// Request states.
const (
	ReqSent          RequestState = iota // on its way over the link
	ReqPending                           // with the partner, awaiting an answer
	ReqGranted                           // granted (final)
	ReqDeclined                          // declined with a reason (final)
	ReqExpired                           // the deadline passed unanswered (final)
	ReqDelivered                         // a report reached the partner (final)
	ReqAcknowledged                      // a protest acknowledged by the partner
	ReqInvestigating                     // a protest under joint investigation
	ReqResolved                          // a protest resolved (final)
	ReqDisputed                          // a protest disputed (final)
	ReqLost                              // lost on its way to a cut link (final)
)

// String names the state as the wire spells it.
func (s RequestState) String() string {
	switch s {
	case ReqSent:
		return "sent"
	case ReqPending:
		return "pending"
	case ReqGranted:
		return "granted"
	case ReqDeclined:
		return "declined"
	case ReqExpired:
		return "expired"
	case ReqDelivered:
		return "delivered"
	case ReqAcknowledged:
		return "acknowledged"
	case ReqInvestigating:
		return "investigating"
	case ReqResolved:
		return "resolved"
	case ReqDisputed:
		return "disputed"
	case ReqLost:
		return "lost"
	}
	return "unknown"
}

// Final reports whether nothing more happens to a request in state s.
func (s RequestState) Final() bool {
	switch s {
	case ReqGranted, ReqDeclined, ReqExpired, ReqDelivered, ReqResolved, ReqDisputed, ReqLost:
		return true
	}
	return false
}

// Answer is what a team answers to a request (CmdAnswer's Count).
type Answer uint8

// Answers. grant and decline answer a pursuit, hand-over or assistance
// request; a protest is acknowledged (or declined: disputed at once), then
// investigated by either party, then resolved or disputed by the team that
// protested.
const (
	AnsGrant       Answer = iota + 1 // grant the request
	AnsDecline                       // decline it, with a reason
	AnsAcknowledge                   // protest: acknowledge it
	AnsInvestigate                   // protest: open the joint investigation
	AnsResolve                       // protest: resolved
	AnsDispute                       // protest: disputed
)

// String names the answer as the wire spells it.
func (a Answer) String() string {
	switch a {
	case AnsGrant:
		return "grant"
	case AnsDecline:
		return "decline"
	case AnsAcknowledge:
		return "acknowledge"
	case AnsInvestigate:
		return "investigate"
	case AnsResolve:
		return "resolve"
	case AnsDispute:
		return "dispute"
	}
	return "unknown"
}

// Time limits of requests and the computer-controlled team's rule.
const (
	AnswerWithin         = 900   // seconds a partner has to answer a request
	AutoAnswerSeconds    = 120   // seconds a computer-controlled team takes to answer
	PursuitGrantSeconds  = 1800  // seconds a granted pursuit lasts
	PursuitGrantDepth    = 10000 // metres past the border a granted pursuit may go
	AutoPursuitReach     = 5000  // metres: the rule grants a pursuit of a track this near the border
	InvestigationSeconds = 3600  // seconds a computer-controlled protester waits before resolving
	MaxRequestText       = 200   // bytes of a request's need, grounds or reason
)

// Reasons a cooperation command is rejected.
const (
	ReasonBadClass      = "bad_class"
	ReasonCloseFalse    = "close_false"
	ReasonBadReport     = "bad_report"
	ReasonBadConfidence = "bad_confidence"
	ReasonSelfRequest   = "self_request"
	ReasonNoIncident    = "no_incident"
	ReasonNoRequest     = "no_request"
	ReasonBadAnswer     = "bad_answer"
	ReasonNeedReason    = "need_reason"
	ReasonNeedUnit      = "need_unit"
	ReasonLongText      = "long_text"
	ReasonTeamOnly      = "team_only"
	ReasonBackupFull    = "backup_full"
)

// Reasons the computer-controlled team's rule declines.
const (
	AutoTooDeep = "the track is too deep inside our territory"
	AutoNoUnit  = "no unit available"
)

// trackCoop is what cooperation adds to a track: kept apart from the
// track, which fits one cache line, and made only for tracks it touches.
type trackCoop struct {
	class  Class
	by     int8 // team whose classification it is, -1
	handed int8 // team the track was handed over to, -1
}

// request is one report or request between partners.
type request struct {
	id        int32 // 1, 2, …
	kind      RequestKind
	state     RequestState
	from, to  int
	agreement int
	unit      int32     // pursuit: the pursuer; assistance: the unit sent; protest: the offender
	track     int32     // the requester's track, -1
	toTrack   int32     // the partner's copy of it, -1
	crosser   int32     // the track's group (-1 for none), as sent
	err       float64   // the track's position error, metres, as sent
	size      int32     // the track's size, as sent
	pos       orb.Point // where: the track, the place, the incident
	text      string    // the need or the grounds
	class     Class
	rtype     ReportType
	conf      int8 // percent
	source    TrackSource
	made      int32
	arrive    int32 // tick it reaches the partner
	due       int32 // answer deadline
	answered  int32 // tick of the last answer, -1
	until     int32 // pursuit: end of the granted pursuit; protest: the rule's next step
	reason    string
	backup    bool  // sent by the backup means
	acked     int32 // protest: tick acknowledged, -1
	opened    int32 // protest: tick the joint investigation opened, -1
	check     int32 // readmission: the checkpoint
	claim     bool  // readmission: the persons claimed asylum, as sent
}

// backupUse is how much of an agreement's backup means a clock hour has
// used.
type backupUse struct {
	hour int32 // clock hour (hours since midnight of day one)
	used int32 // messages sent in that hour
}

// incidentRec is an incident a protest may name.
type incidentRec struct {
	tick    int32
	unit    int32
	team    int // the unit's team
	country int // whose territory
	pos     orb.Point
	pursuit bool // the unit was pursuing (intercept, escort) or held a pursuit grant
}

// coopState is the World's cooperation state.
type coopState struct {
	used      bool        // a cooperation command was applied: the state joins the hash
	reqs      []request   // by id-1
	open      int         // requests not final
	tracks    []trackCoop // by track id, grown as needed
	incidents []incidentRec
	backup    []backupUse // by agreement, made when first used
	radio     []radioOut  // by team, made when a team's internal comms first fail (radio.go)
}

// RequestView is a report or request as a party to it (or the white cell)
// sees it.
type RequestView struct {
	ID         int32
	Kind       RequestKind
	State      RequestState
	From, To   int
	Unit       int32
	Track      int32 // in the viewer's picture (the requester's track for the white cell), -1
	Pos        orb.Point
	Text       string
	Class      Class
	Type       ReportType
	Confidence int
	Source     TrackSource
	Made       int32
	Due        int32 // answer deadline; 0 for a report
	Answered   int32 // tick of the last answer, -1
	Until      int32 // a granted pursuit's end
	Reason     string
	Backup     bool  // sent by the backup means while the link was cut
	Acked      int32 // a protest: tick it was acknowledged, -1
	Opened     int32 // a protest: tick the joint investigation opened, -1
	// A readmission: the persons to take back, at which checkpoint, and
	// whether they claimed asylum (as the requester knew when it sent it).
	Persons    int
	Checkpoint string
	Asylum     bool
}

// coopCommand applies a cooperation command; it reports false for a kind
// it does not handle.
func (w *World) coopCommand(c *Command) bool {
	if c.Team == Instructor && coopCommandName(c.Kind) != "" {
		w.reject(c, ReasonTeamOnly)
		return true
	}
	switch c.Kind {
	case CmdClassify:
		w.classify(c)
	case CmdReport, CmdPursuit, CmdHandover, CmdAssistance, CmdProtest, CmdReadmission:
		w.newRequest(c)
	case CmdAnswer:
		w.answerCommand(c)
	default:
		return false
	}
	return true
}

// tc returns the cooperation record of track id, making it.
func (w *World) tc(id int32) *trackCoop {
	for len(w.coop.tracks) <= int(id) {
		w.coop.tracks = append(w.coop.tracks, trackCoop{by: -1, handed: -1})
	}
	return &w.coop.tracks[id]
}

// ownTrack returns the live track id of team's picture, or nil.
func (w *World) ownTrack(team int, id int32) *track {
	t := w.trackByID(id)
	if t == nil || int(t.team) != team {
		return nil
	}
	return t
}

func (w *World) classify(c *Command) {
	t := w.ownTrack(c.Team, c.Track)
	switch {
	case t == nil:
		w.reject(c, ReasonNoTrack)
		return
	case c.Index < int(ClassUnknown) || c.Index > int(ClassFalseAlarm):
		w.reject(c, ReasonBadClass)
		return
	case c.On && Class(c.Index) != ClassFalseAlarm:
		w.reject(c, ReasonCloseFalse)
		return
	}
	w.coop.used = true
	w.accept(c)
	r := w.tc(t.id)
	r.class, r.by = Class(c.Index), int8(c.Team)
	if c.On {
		w.closeTrack(t)
	}
}

// closeTrack retires a track its team judged a false alarm.
func (w *World) closeTrack(t *track) {
	t.dead = true
	if t.crosser >= 0 {
		if sg := w.seen.at(t.crosser, int(t.team)); sg.track == t.id {
			sg.track = -1
		}
	}
	for i, id := range w.live {
		if id == t.id {
			w.live = append(w.live[:i], w.live[i+1:]...)
			break
		}
	}
}

// requestKinds maps a request command to its kind.
func requestKind(k CommandKind) RequestKind {
	switch k {
	case CmdReport:
		return ReqReport
	case CmdPursuit:
		return ReqPursuit
	case CmdHandover:
		return ReqHandover
	case CmdAssistance:
		return ReqAssistance
	case CmdReadmission:
		return ReqReadmission
	}
	return ReqProtest
}

// newRequest validates a report or request and sends it over the link.
func (w *World) newRequest(c *Command) {
	kind := requestKind(c.Kind)
	r := request{kind: kind, from: c.Team, to: c.ToTeam, unit: -1, track: -1, toTrack: -1, crosser: -1, answered: -1, made: w.tick,
		acked: -1, opened: -1}
	if reason := w.checkRequest(c, &r); reason != "" {
		w.reject(c, reason)
		return
	}
	a := &w.agreements[r.agreement]
	r.arrive = w.tick + a.spec.Delay + w.LinkLag(r.agreement)
	if a.cut {
		switch reason := w.overCut(r.agreement); {
		case reason == "" && a.spec.BackupPerHour > 0:
			r.backup, r.arrive = true, w.tick+a.spec.BackupDelay
		case reason != "" && a.spec.OnCut != CutQueue:
			w.reject(c, reason)
			return
		}
	}
	r.id = int32(len(w.coop.reqs) + 1)
	w.coop.used = true
	w.accept(c)
	w.coop.reqs = append(w.coop.reqs, r)
	w.coop.open++
	if kind == ReqReadmission {
		w.awaitReadmission(&w.coop.reqs[len(w.coop.reqs)-1])
	}
}

// checkRequest fills r from c and returns why c is refused, or "".
func (w *World) checkRequest(c *Command, r *request) string {
	if c.ToTeam < 0 || c.ToTeam >= len(w.teams) {
		return ReasonBadTeam
	}
	if c.ToTeam == c.Team {
		return ReasonSelfRequest
	}
	if len(c.Text) > MaxRequestText {
		return ReasonLongText
	}
	r.agreement = w.agreementBetween(c.Team, c.ToTeam)
	if r.agreement < 0 {
		return ReasonNoAgreement
	}
	r.text = c.Text
	switch r.kind {
	case ReqReport, ReqPursuit, ReqHandover:
		t := w.ownTrack(c.Team, c.Track)
		if t == nil {
			return ReasonNoTrack
		}
		r.track, r.pos, r.source, r.crosser, r.err, r.size = t.id, t.pos, t.source, t.crosser, t.err, t.size
		if int(t.id) < len(w.coop.tracks) {
			r.class = w.coop.tracks[t.id].class
		}
	}
	switch r.kind {
	case ReqReport:
		if c.Index < int(ReportCrossing) || c.Index > int(ReportOther) {
			return ReasonBadReport
		}
		if c.Count < 0 || c.Count > 100 {
			return ReasonBadConfidence
		}
		r.rtype, r.conf = ReportType(c.Index), int8(c.Count)
	case ReqPursuit:
		if _, why := w.commanded(c); why != "" {
			return why
		}
		r.unit = c.Unit
	case ReqAssistance:
		if !w.inMap(c.Target) {
			return ReasonOffMap
		}
		r.pos = c.Target
	case ReqProtest:
		i := w.incidentOf(c.Unit, c.ToTeam, w.teams[c.Team].country)
		if i < 0 {
			return ReasonNoIncident
		}
		r.unit, r.pos = c.Unit, w.coop.incidents[i].pos
	case ReqReadmission:
		return w.checkReadmission(c, r)
	}
	return ""
}

// incidentOf returns the latest incident of unit, of team, in country, or -1.
func (w *World) incidentOf(unit int32, team, country int) int {
	for i := len(w.coop.incidents) - 1; i >= 0; i-- {
		in := &w.coop.incidents[i]
		if in.unit == unit && in.team == team && in.country == country {
			return i
		}
	}
	return -1
}

// noteIncident keeps an incident for the protests that may name it.
// An incident in pursuit is one of a unit intercepting or escorting, or
// holding a pursuit grant (over, or gone deeper than PursuitGrantDepth):
// a pursuit that went beyond what the agreement or the grant allowed.
func (w *World) noteIncident(u *unit, country int) {
	pursuit := u.order == OrderIntercept || u.order == OrderEscort || w.heldGrant(u.id)
	w.coop.incidents = append(w.coop.incidents, incidentRec{tick: w.tick, unit: u.id, team: u.team, country: country, pos: u.pos,
		pursuit: pursuit})
}

// heldGrant reports whether a pursuit request of unit was ever granted.
func (w *World) heldGrant(unit int32) bool {
	for i := range w.coop.reqs {
		if r := &w.coop.reqs[i]; r.kind == ReqPursuit && r.state == ReqGranted && r.unit == unit {
			return true
		}
	}
	return false
}

// request returns the request with id, or nil.
func (w *World) request(id int) *request {
	if id < 1 || id > len(w.coop.reqs) {
		return nil
	}
	return &w.coop.reqs[id-1]
}

func (w *World) answerCommand(c *Command) {
	r := w.request(c.Index)
	if r == nil || r.state == ReqSent || (r.from != c.Team && r.to != c.Team) {
		w.reject(c, ReasonNoRequest)
		return
	}
	if len(c.Text) > MaxRequestText {
		w.reject(c, ReasonLongText)
		return
	}
	ans := Answer(c.Count)
	if c.Count < 0 || c.Count > 255 || !r.fits(c.Team, ans) {
		w.reject(c, ReasonBadAnswer)
		return
	}
	if (ans == AnsDecline || ans == AnsDispute) && c.Text == "" {
		w.reject(c, ReasonNeedReason)
		return
	}
	if w.agreements[r.agreement].cut {
		if reason := w.overCut(r.agreement); reason != "" {
			w.reject(c, reason)
			return
		}
	}
	unit := int32(-1)
	if r.kind == ReqAssistance && ans == AnsGrant {
		if _, why := w.commanded(c); why != "" {
			w.reject(c, ReasonNeedUnit) // the grant names one of the sender's units
			return
		}
		unit = c.Unit
	}
	w.accept(c)
	w.answer(r, ans, c.Text, unit)
}

// overCut takes one message's place on agreement ai's backup means for
// a message sent while its link is cut, and returns "" — or why it cannot
// go: there is no backup, or it is used up this clock hour.
func (w *World) overCut(ai int) string {
	per := w.agreements[ai].spec.BackupPerHour
	if per <= 0 {
		return ReasonCommsCut
	}
	for len(w.coop.backup) <= ai {
		w.coop.backup = append(w.coop.backup, backupUse{})
	}
	b := &w.coop.backup[ai]
	if hour := int32(w.Clock() / 3600); b.hour != hour {
		b.hour, b.used = hour, 0
	}
	if int(b.used) >= per {
		return ReasonBackupFull
	}
	b.used++
	return ""
}

// fits reports whether team may give answer a to the request now.
func (r *request) fits(team int, a Answer) bool {
	switch r.kind {
	case ReqPursuit, ReqHandover, ReqAssistance, ReqReadmission:
		return r.state == ReqPending && team == r.to && (a == AnsGrant || a == AnsDecline)
	case ReqProtest:
		switch r.state {
		case ReqPending:
			return team == r.to && (a == AnsAcknowledge || a == AnsDecline)
		case ReqAcknowledged:
			return a == AnsInvestigate
		case ReqInvestigating:
			return team == r.from && (a == AnsResolve || a == AnsDispute)
		}
	}
	return false
}

// answer applies answer a (checked) to r with its reason; unit is the unit
// sent to an assistance request.
func (w *World) answer(r *request, a Answer, reason string, unit int32) {
	r.answered, r.reason = w.tick, reason
	switch a {
	case AnsGrant:
		r.state = ReqGranted
		w.grant(r, unit)
	case AnsDecline:
		r.state = ReqDeclined
		if r.kind == ReqProtest {
			r.state = ReqDisputed
		}
	case AnsAcknowledge:
		r.state, r.until, r.acked = ReqAcknowledged, w.tick+int32(AutoAnswerSeconds/w.ts), w.tick
	case AnsInvestigate:
		r.state, r.until, r.opened = ReqInvestigating, w.tick+int32(InvestigationSeconds/w.ts), w.tick
	case AnsResolve:
		r.state = ReqResolved
	case AnsDispute:
		r.state = ReqDisputed
	}
	if r.state.Final() {
		w.coop.open--
		w.readmissionEnded(r)
	}
	for _, team := range [2]int{r.from, r.to} {
		w.emit(Event{Kind: EvAnswer, Team: team, Group: r.id, Unit: r.unit, Track: r.trackFor(team), Text: a.String(), Message: reason})
	}
}

// trackFor is the request's track in team's picture, -1.
func (r *request) trackFor(team int) int32 {
	if team == r.to {
		return r.toTrack
	}
	return r.track
}

// grant carries out a granted request.
func (w *World) grant(r *request, unit int32) {
	switch r.kind {
	case ReqPursuit:
		r.until = w.tick + int32(PursuitGrantSeconds/w.ts)
	case ReqHandover:
		w.tc(r.track).handed = int8(r.to)
		if r.toTrack >= 0 {
			w.tc(r.toTrack).handed = int8(r.to)
		}
	case ReqAssistance:
		r.unit = unit
		u := &w.units[unit]
		if u.kind == Drone {
			u.aloft = true
		}
		u.order, u.target, u.track = OrderMove, r.pos, -1
	case ReqReadmission:
		w.grantReadmission(r)
	}
}

// coopTick delivers the reports and requests that reach the partner,
// lets computer-controlled teams answer, and expires requests past their
// deadline.
func (w *World) coopTick() {
	w.radioTick()
	if w.coop.open == 0 {
		return
	}
	for i := range w.coop.reqs {
		r := &w.coop.reqs[i]
		if r.state.Final() {
			continue
		}
		cut := w.agreements[r.agreement].cut && !r.backup
		switch {
		case r.state == ReqSent && cut && w.agreements[r.agreement].spec.OnCut == CutDrop:
			r.state = ReqLost
			w.coop.open--
			w.readmissionEnded(r)
			w.emit(Event{Kind: EvLost, Team: r.from, Group: r.id, Unit: r.unit, Track: r.track, Text: r.kind.String()})
		case r.state == ReqSent && w.tick >= r.arrive && !cut:
			w.arrive(r)
		case r.state == ReqPending && w.tick >= r.due:
			r.state = ReqExpired
			w.coop.open--
			w.readmissionEnded(r)
			for _, team := range [2]int{r.from, r.to} {
				w.emit(Event{Kind: EvExpired, Team: team, Group: r.id, Unit: r.unit, Track: r.trackFor(team), Text: r.kind.String()})
			}
		default:
			w.autoAnswer(r)
		}
	}
}

// arrive delivers r to its partner: a copy of its track as sent in the
// partner's picture (for a report, with the classification), then the
// event.
func (w *World) arrive(r *request) {
	if r.track >= 0 {
		r.toTrack = w.deliver(&shareMsg{from: r.from, to: r.to, agreement: r.agreement, track: r.track, crosser: r.crosser,
			pos: r.pos, err: r.err, size: r.size}).id
	}
	if r.kind == ReqReport {
		r.state, r.answered = ReqDelivered, w.tick
		w.coop.open--
		if r.toTrack >= 0 && r.class != ClassUnknown {
			if tc := w.tc(r.toTrack); tc.by < 0 || int(tc.by) != r.to {
				tc.class, tc.by = r.class, int8(r.from)
			}
		}
		w.emit(Event{Kind: EvReport, Team: r.to, Group: r.id, Track: r.toTrack, Pos: r.pos, Text: r.rtype.String(),
			Message: r.class.String() + ", " + r.source.String() + ", " + strconv.Itoa(int(r.conf)) + "%"})
		return
	}
	r.state, r.due = ReqPending, w.tick+int32(AnswerWithin/w.ts)
	var gist string
	switch r.kind {
	case ReqPursuit:
		gist = "unit " + w.units[r.unit].spec.Name + " requests pursuit into your territory"
	case ReqHandover:
		gist = "hand-over of a track to you"
	case ReqAssistance:
		gist = "assistance needed: " + r.text
	case ReqProtest:
		gist = "protest over unit " + w.units[r.unit].spec.Name + "'s incident: " + r.text
	case ReqReadmission:
		gist = w.readmissionGist(r)
	}
	w.emit(Event{Kind: EvRequest, Team: r.to, Group: r.id, Unit: r.unit, Track: r.toTrack, Pos: r.pos, Text: r.kind.String(), Message: gist})
}

// autoAnswer is the rule a computer-controlled team answers by, once
// AutoAnswerSeconds have passed: it grants a pursuit of a track within
// AutoPursuitReach of the border and declines one deeper; it takes every
// hand-over; it sends its nearest idle ground unit to a place where
// assistance is needed, or declines when it has none; it acknowledges a
// protest against it and opens the investigation AutoAnswerSeconds later;
// a computer-controlled team that protested resolves the protest
// InvestigationSeconds after the investigation opened; it answers a
// readmission by the agreement's terms (readmissionRule).
func (w *World) autoAnswer(r *request) {
	wait := int32(AutoAnswerSeconds / w.ts)
	if w.agreements[r.agreement].cut {
		return
	}
	switch r.state {
	case ReqPending:
		if !w.Auto(r.to) || w.tick < r.arrive+wait {
			return
		}
		switch r.kind {
		case ReqPursuit:
			if w.m.BorderWithin(r.pos, AutoPursuitReach) {
				w.answer(r, AnsGrant, "", -1)
			} else {
				w.answer(r, AnsDecline, AutoTooDeep, -1)
			}
		case ReqHandover:
			w.answer(r, AnsGrant, "", -1)
		case ReqAssistance:
			if u := w.idleUnit(r.to, r.pos); u >= 0 {
				w.answer(r, AnsGrant, "", u)
			} else {
				w.answer(r, AnsDecline, AutoNoUnit, -1)
			}
		case ReqProtest:
			w.answer(r, AnsAcknowledge, "", -1)
		case ReqReadmission:
			w.readmissionRule(r)
		}
	case ReqAcknowledged:
		if w.Auto(r.to) && w.tick >= r.until {
			w.answer(r, AnsInvestigate, "", -1)
		}
	case ReqInvestigating:
		if w.Auto(r.from) && w.tick >= r.until {
			w.answer(r, AnsResolve, "", -1)
		}
	}
}

// idleUnit returns team's ground unit nearest p that is holding or
// patrolling, or -1.
func (w *World) idleUnit(team int, p orb.Point) int32 {
	best, bd := int32(-1), 0.0
	for i := range w.units {
		u := &w.units[i]
		if u.team != team || u.out || u.kind == Drone || (u.order != OrderHold && u.order != OrderPatrol) {
			continue
		}
		if d := dist(u.pos, p); best < 0 || d < bd {
			best, bd = u.id, d
		}
	}
	return best
}

// coopObjective measures the cooperation objectives over the requests the
// objective's team made (handover_within, report_within) or is party to
// (resolve_within); every team's for an exercise-wide one. Each request
// counts once it went well in time or its window is over.
func (w *World) coopObjective(o *ObjectiveSpec) (float64, bool) {
	switch o.Kind {
	case ObjPursuitIncidents:
		v := 0
		for i := range w.coop.incidents {
			if in := &w.coop.incidents[i]; in.pursuit && (o.Team < 0 || in.team == o.Team) {
				v++
			}
		}
		return float64(v), float64(v) <= o.Target
	case ObjClassifyAccuracy:
		return w.classifyAccuracy(o)
	}
	var t tally
	for i := range w.coop.reqs {
		r := &w.coop.reqs[i]
		mine := o.Team < 0 || r.from == o.Team
		switch {
		case o.Kind == ObjHandoverWithin && r.kind == ReqHandover && mine:
			t.add(r.state == ReqGranted && r.answered-r.made <= o.Window, w.tick-r.made >= o.Window)
		case o.Kind == ObjReportWithin && r.kind == ReqReport && mine:
			born := w.tracks[r.track].created
			t.add(r.state == ReqDelivered && r.arrive-born <= o.Window, w.tick-born >= o.Window)
		case o.Kind == ObjResolveWithin && r.kind == ReqProtest && (mine || r.to == o.Team):
			t.add(r.state == ReqResolved && r.answered-r.made <= o.Window, w.tick-r.made >= o.Window)
		}
	}
	return t.reached(o.Target)
}

// classifyAccuracy measures the share of the tracks a team classified
// (itself, in its own picture, closed ones too) whose class is the
// ground truth: a track of no group is a false alarm, a group of
// travellers too; a group with vulnerable members or in distress is
// vulnerable, or of its kind; another group is of its kind. Every team's
// together for an exercise-wide objective. None classified is not met.
func (w *World) classifyAccuracy(o *ObjectiveSpec) (float64, bool) {
	var t tally
	for id, tc := range w.coop.tracks {
		if tc.class == ClassUnknown || tc.by < 0 || id >= len(w.tracks) {
			continue
		}
		tr := &w.tracks[id]
		if int(tr.team) != int(tc.by) || (o.Team >= 0 && int(tr.team) != o.Team) {
			continue
		}
		t.add(w.classTrue(tr.crosser, tc.class), true)
	}
	return t.reached(o.Target)
}

// classTrue reports whether class c is the ground truth of group id (-1:
// no group).
func (w *World) classTrue(id int32, c Class) bool {
	if id < 0 {
		return c == ClassFalseAlarm
	}
	g := &w.crossers[id]
	if g.vulnerable || w.inDistress(id) {
		if c == ClassVulnerable {
			return true
		}
	}
	switch g.kind {
	case Migrants:
		return c == ClassMigrants
	case Smugglers:
		return c == ClassSmugglers
	}
	return c == ClassFalseAlarm // travellers are no irregular crossing
}

// grantedPursuit reports whether a granted pursuit lets u be in country c
// now: within PursuitGrantDepth of the border, until the grant ends.
func (w *World) grantedPursuit(u *unit, c int) bool {
	for i := range w.coop.reqs {
		r := &w.coop.reqs[i]
		if r.kind == ReqPursuit && r.state == ReqGranted && r.unit == u.id && w.tick <= r.until &&
			w.teams[r.to].country == c && w.m.BorderWithin(u.pos, PursuitGrantDepth) {
			return true
		}
	}
	return false
}

// coopTrackView adds a track's classification and hand-over to its view.
func (w *World) coopTrackView(tv *TrackView) {
	tv.ClassBy, tv.HandedTo = -1, -1
	if int(tv.ID) >= len(w.coop.tracks) {
		return
	}
	r := &w.coop.tracks[tv.ID]
	tv.Class, tv.ClassBy, tv.HandedTo = r.class, int(r.by), int(r.handed)
}

// requestsInto lists the requests team is party to (every one for the
// white cell); a partner sees a request once it has arrived.
func (w *World) requestsInto(team int, v *View) {
	v.Requests = v.Requests[:0]
	for i := range w.coop.reqs {
		r := &w.coop.reqs[i]
		gt := team == Instructor
		if !gt && team != r.from && (team != r.to || r.state == ReqSent) {
			continue
		}
		v.Requests = append(v.Requests, RequestView{ID: r.id, Kind: r.kind, State: r.state, From: r.from, To: r.to,
			Unit: r.unit, Track: r.trackFor(team), Pos: r.pos, Text: r.text, Class: r.class, Type: r.rtype,
			Confidence: int(r.conf), Source: r.source, Made: r.made, Due: r.due, Answered: r.answered, Until: r.until,
			Reason: r.reason, Backup: r.backup, Acked: r.acked, Opened: r.opened})
		if r.kind == ReqReadmission {
			rv := &v.Requests[len(v.Requests)-1]
			rv.Persons, rv.Checkpoint, rv.Asylum = int(r.size), w.checks[r.check].spec.Name, r.claim
		}
	}
}

// Requests returns every report and request so far, as the white cell
// sees them (for the review and tests).
func (w *World) Requests() []RequestView {
	var v View
	w.requestsInto(Instructor, &v)
	return v.Requests
}

// hashCoop adds the cooperation state once a cooperation command has been
// applied, so that older hashes stand.
func (w *World) hashCoop(h *hasher) {
	if !w.coop.used {
		return
	}
	h.ws(n(len(w.coop.reqs)), n(w.coop.open), n(len(w.coop.tracks)), n(len(w.coop.incidents)))
	for i := range w.coop.reqs {
		r := &w.coop.reqs[i]
		h.ws(n(r.id), n(r.kind), n(r.state), n(r.from), n(r.to), n(r.agreement), n(r.unit), n(r.track), n(r.toTrack),
			n(r.crosser), fl(r.err), n(r.size),
			fl(r.pos[0]), fl(r.pos[1]), n(r.class), n(r.rtype), n(r.conf), n(r.source), n(r.made), n(r.arrive),
			n(r.due), n(r.answered), n(r.until))
		h.str(r.text)
		h.str(r.reason)
		h.u(bl(r.backup))
		h.ws(n(r.acked), n(r.opened))
		if r.check != 0 || r.claim { // a readmission's, so that older hashes stand
			h.ws(n(r.check), bl(r.claim))
		}
	}
	for _, b := range w.coop.backup {
		h.ws(n(b.hour), n(b.used))
	}
	for _, r := range w.coop.radio {
		h.ws(bl(r.down), n(r.until))
	}
	for _, t := range w.coop.tracks {
		h.ws(n(t.class), n(t.by), n(t.handed))
	}
	for _, in := range w.coop.incidents {
		h.ws(n(in.tick), n(in.unit), n(in.team), n(in.country), fl(in.pos[0]), fl(in.pos[1]), bl(in.pursuit))
	}
}

// str hashes a string: its length, then its bytes.
func (h *hasher) str(s string) {
	h.i(int64(len(s)))
	for i := 0; i < len(s); i++ {
		h.u(uint64(s[i]))
	}
}

// cloneCoop makes c's cooperation state its own.
func (c *coopState) clone() {
	own(&c.reqs)
	own(&c.tracks)
	own(&c.incidents)
	own(&c.backup)
	own(&c.radio)
}
