package server

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/gorilla/websocket"
)

// Access to an exercise. The server's instructor token creates exercises
// (and may join any as the white cell); each exercise has codes of its own,
// one per participant role:
//
//   - control: the exercise's white cell (instructor);
//   - trainee: one team's code (one at creation, more can be issued);
//   - observer: the neutral view;
//   - evaluator: ground truth and the MSEL, sends observations, commands
//     nothing;
//   - controller: a nation's controller, who sees ground truth and the
//     MSEL and fires only the injects addressed to the teams of the nation.
//
// The lobby and the API issue, list and revoke codes. A revoked code
// cannot join (or rejoin), and a connection that joined with it is closed
// with a reason.

// Code is one access code of an exercise.
type Code struct {
	Code    string `json:"code"`
	Role    string `json:"role"`             // instructor, trainee, observer, evaluator or controller (wire.Role's names)
	Team    string `json:"team,omitempty"`   // trainee: the team id
	Nation  string `json:"nation,omitempty"` // controller: the nation, ISO 3166 alpha-3 as the teams' country
	Label   string `json:"label,omitempty"`  // who it was issued to
	Revoked bool   `json:"revoked,omitempty"`
}

// CodeRequest asks for a new code of an exercise (POST
// /api/exercises/{id}/codes).
type CodeRequest struct {
	Role   string `json:"role"`
	Team   string `json:"team"`   // trainee
	Nation string `json:"nation"` // controller
	Label  string `json:"label"`
}

// Reasons the server refuses a command or an observation for the sender's
// role.
const (
	ReasonEvaluator  = "evaluator"
	ReasonController = "controller"
	// ReasonControllerTerms refuses a controller's change of an agreement
	// none of the nation's teams is party to.
	ReasonControllerTerms = "controller_terms"
	ReasonNotEvaluator    = "not_evaluator"
	ReasonNoObjective     = "no_objective"
	ReasonRevoked         = "your code was revoked"
	reasonObservationBad  = "bad_observation"
)

// ErrBadCode is the error of a code request that names no known role, team
// or nation, or of a code the exercise does not have.
var ErrBadCode = errors.New("server: bad code")

// roles maps the names of Code.Role to roles.
var roles = map[string]wire.Role{
	"instructor": wire.RoleInstructor, "trainee": wire.RoleTrainee, "observer": wire.RoleObserver,
	"evaluator": wire.RoleEvaluator, "controller": wire.RoleController,
}

// newCode checks a request against the exercise's scenario and returns the
// new code it asks for.
func (x *exercise) newCode(req CodeRequest) (Code, error) {
	c := Code{Code: randomCode(codeBytes), Role: req.Role, Label: cleanName(req.Label)}
	switch roles[req.Role] {
	case wire.RoleTrainee:
		if !slices.ContainsFunc(x.sc.Teams, func(t sim.TeamSpec) bool { return t.ID == req.Team }) {
			return Code{}, fmt.Errorf("%w: no team %q", ErrBadCode, req.Team)
		}
		c.Team = req.Team
	case wire.RoleController:
		if len(x.nationTeams(req.Nation)) == 0 {
			return Code{}, fmt.Errorf("%w: no team works in %q", ErrBadCode, req.Nation)
		}
		c.Nation = req.Nation
	case wire.RoleInstructor, wire.RoleObserver, wire.RoleEvaluator:
	default:
		return Code{}, fmt.Errorf("%w: role must be instructor, trainee, observer, evaluator or controller", ErrBadCode)
	}
	return c, nil
}

// nationTeams returns the indices of the teams whose country is nation.
func (x *exercise) nationTeams(nation string) []int {
	var out []int
	for i, t := range x.sc.Teams {
		if nation != "" && t.Country == nation {
			out = append(out, i)
		}
	}
	return out
}

// grantInitial gives a new exercise its control code, a code per team and
// the observers' code.
func (x *exercise) grantInitial() {
	x.access = append(x.access, Code{Code: randomCode(codeBytes), Role: "instructor"})
	for _, t := range x.sc.Teams {
		x.access = append(x.access, Code{Code: randomCode(codeBytes), Role: "trainee", Team: t.ID})
	}
	x.access = append(x.access, Code{Code: randomCode(codeBytes), Role: "observer"})
}

// accessFrom rebuilds the codes of a resumed exercise: saved ones as they
// were, or from the older by-team map (and a new control code).
func (x *exercise) accessFrom(saved []Code, byTeam map[string]string) error {
	if len(saved) > 0 {
		x.access = slices.Clone(saved)
		return nil
	}
	x.access = append(x.access, Code{Code: randomCode(codeBytes), Role: "instructor"})
	for _, t := range x.sc.Teams {
		c := byTeam[t.ID]
		if c == "" {
			return fmt.Errorf("server: exercise %s: no join code for team %s", x.id, t.ID)
		}
		x.access = append(x.access, Code{Code: c, Role: "trainee", Team: t.ID})
	}
	if byTeam["observer"] == "" {
		return fmt.Errorf("server: exercise %s: no observer code", x.id)
	}
	x.access = append(x.access, Code{Code: byTeam["observer"], Role: "observer"})
	return nil
}

// codesLocked fills an ExerciseInfo's codes: every code, and the first
// live code of each team, of the observers and of the white cell.
func (x *exercise) codesLocked(in *ExerciseInfo) {
	in.Access = slices.Clone(x.access)
	in.Codes = map[string]string{}
	for _, c := range x.access {
		if c.Revoked {
			continue
		}
		key := c.Team
		switch c.Role {
		case "observer":
			key = "observer"
		case "instructor":
			if in.Control == "" {
				in.Control = c.Code
			}
			continue
		case "trainee":
		default:
			continue
		}
		if in.Codes[key] == "" {
			in.Codes[key] = c.Code
		}
	}
}

// match returns the exercise's admission for code, in constant time per
// code; ok is false when it has no such code or the code is revoked.
func (x *exercise) match(code []byte) (a admission, ok bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, c := range x.access {
		if subtle.ConstantTimeCompare(code, []byte(c.Code)) != 1 {
			continue
		}
		a = admission{x: x, role: roles[c.Role], team: sim.Instructor, code: c.Code}
		switch a.role {
		case wire.RoleTrainee:
			a.team = slices.IndexFunc(x.sc.Teams, func(t sim.TeamSpec) bool { return t.ID == c.Team })
		case wire.RoleObserver:
			a.team = wire.Observer
		case wire.RoleController:
			a.nation = x.nationTeams(c.Nation)
		}
		ok = !c.Revoked
	}
	return a, ok
}

// revoked reports whether code is revoked.
func (x *exercise) revoked(code string) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	i := slices.IndexFunc(x.access, func(c Code) bool { return c.Code == code })
	return i >= 0 && x.access[i].Revoked
}

// Codes returns every code of the exercise id, revoked ones included.
func (s *Server) Codes(id string) ([]Code, error) {
	x := s.exercise(id)
	if x == nil {
		return nil, ErrNoExercise
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	return slices.Clone(x.access), nil
}

// IssueCode gives the exercise id a new code and returns it.
func (s *Server) IssueCode(id string, req CodeRequest) (Code, error) {
	x := s.exercise(id)
	if x == nil {
		return Code{}, ErrNoExercise
	}
	c, err := x.newCode(req)
	if err != nil {
		return Code{}, err
	}
	x.mu.Lock()
	x.access = append(x.access, c)
	x.mu.Unlock()
	s.codesChanged(x)
	s.log.Info("code issued", "exercise", id, "role", c.Role, "team", c.Team, "nation", c.Nation, "label", c.Label)
	return c, nil
}

// RevokeCode revokes a code of the exercise id: it no longer joins, and
// the connections that joined with it are closed with ReasonRevoked. It
// returns once they are.
func (s *Server) RevokeCode(id, code string) error {
	x := s.exercise(id)
	if x == nil {
		return ErrNoExercise
	}
	x.mu.Lock()
	i := slices.IndexFunc(x.access, func(c Code) bool { return c.Code == code })
	if i >= 0 {
		x.access[i].Revoked = true
	}
	x.mu.Unlock()
	if i < 0 {
		return fmt.Errorf("%w: the exercise has no such code", ErrBadCode)
	}
	s.codesChanged(x)
	done := make(chan struct{})
	if x.do(func() { x.expel(code); close(done) }) {
		select {
		case <-done:
		case <-x.done:
		}
	}
	s.log.Info("code revoked", "exercise", id)
	return nil
}

// codesChanged tells the CodesChanged hook of x's codes.
func (s *Server) codesChanged(x *exercise) {
	if s.cfg.CodesChanged == nil {
		return
	}
	if err := s.cfg.CodesChanged(x.info()); err != nil {
		s.log.Error("saving codes", "id", x.id, "err", err)
	}
}

// expel closes the connections that joined with code; run only.
func (x *exercise) expel(code string) {
	for _, c := range slices.Clone(x.clients) {
		if c.code == code {
			c.closeWith(websocket.ClosePolicyViolation, ReasonRevoked)
			x.drop(c)
		}
	}
}

// staff reports whether a role sees ground truth and the MSEL: the white
// cell, evaluators and controllers.
func staff(r wire.Role) bool {
	return r == wire.RoleInstructor || r == wire.RoleEvaluator || r == wire.RoleController
}

// refusal returns why the sender's role may not give command m, or "".
// A trainee's unit orders are the World's to check.
func (c *client) refusal(m *wire.Command) string {
	switch c.role {
	case wire.RoleObserver:
		return reasonObserver
	case wire.RoleEvaluator:
		return ReasonEvaluator
	case wire.RoleController:
		return c.controls(m)
	case wire.RoleTrainee:
		if m.Kind.Control() {
			return sim.ReasonNotInstructor
		}
	}
	return ""
}

// controls returns "" when a controller may give m: fire, skip or
// postpone a scenario inject addressed to one of their nation's teams, or
// change an agreement one of those teams is party to; else the reason not.
func (c *client) controls(m *wire.Command) string {
	if m.Kind == sim.CmdAgreement {
		ags := c.x.sc.Agreements
		if m.Index < 0 || m.Index >= len(ags) {
			return "" // the World answers: no such agreement
		}
		if !slices.Contains(c.nation, ags[m.Index].A) && !slices.Contains(c.nation, ags[m.Index].B) {
			return ReasonControllerTerms
		}
		return ""
	}
	if !msel(m.Kind) {
		return ReasonController
	}
	i := slices.IndexFunc(c.x.sc.Injects, func(in sim.InjectSpec) bool { return in.ID == m.Inject })
	if i < 0 {
		return sim.ReasonNoInject
	}
	if !slices.Contains(c.nation, c.x.sc.Injects[i].Addressee) {
		return ReasonController
	}
	return ""
}

// msel reports whether a command kind acts on one MSEL row by its id.
func msel(k sim.CommandKind) bool {
	return k == sim.CmdInject || k == sim.CmdSkip || k == sim.CmdPostpone
}

// observe takes an evaluator's observation: checked, stamped, recorded,
// answered and passed on to the white cell and the evaluators. The sender
// holds a reserved answer.
func (x *exercise) observe(c *client, m *wire.Observation) {
	if !slices.Contains(x.clients, c) {
		c.release()
		return
	}
	if reason := x.checkObservation(m); reason != "" {
		c.answer(wire.Encode(&wire.Ack{ID: m.ID, Reason: reason}))
		return
	}
	out := *m
	out.ID, out.Tick, out.From = 0, x.w.Tick(), c.from(x.sc)
	if or, ok := x.rec.(interface {
		Observation(recording.Observation) error
	}); ok {
		err := or.Observation(recording.Observation{Tick: out.Tick, Subject: out.Subject.String(), Ref: out.Ref,
			Rating: out.Rating.String(), From: out.From, Text: out.Text})
		if err != nil {
			c.answer(wire.Encode(&wire.Ack{ID: m.ID, Reason: "not recorded: " + err.Error()}))
			return
		}
	}
	c.answer(wire.Encode(&wire.Ack{ID: m.ID, Accepted: true}))
	b := wire.Encode(&out)
	for _, y := range x.clients {
		if y.role == wire.RoleInstructor || y.role == wire.RoleEvaluator {
			y.enqueue(b)
		}
	}
}

// checkObservation returns why an observation is not taken, or "".
func (x *exercise) checkObservation(m *wire.Observation) string {
	switch {
	case x.review != nil:
		return ReasonReview
	case m.Ref == "" || m.Rating == 0 || m.Subject == 0:
		return reasonObservationBad
	}
	switch m.Subject {
	case wire.SubjectInject:
		if !x.w.HasInject(m.Ref) {
			return sim.ReasonNoInject
		}
	case wire.SubjectObjective:
		if !slices.ContainsFunc(x.sc.Objectives, func(o sim.ObjectiveSpec) bool { return o.ID == m.Ref }) {
			return ReasonNoObjective
		}
	case wire.SubjectTeam:
		if !slices.ContainsFunc(x.sc.Teams, func(t sim.TeamSpec) bool { return t.ID == m.Ref }) {
			return sim.ReasonBadTeam
		}
	}
	return ""
}

// controlOnly serves h to the holders of the server's token and of the
// exercise's own live control code (Bearer).
func (s *Server) controlOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.bearer(r) && !s.controlCode(r) {
			unauthorized(w)
			return
		}
		h(w, r)
	}
}

// controlCode reports whether the request's Bearer token is a live control
// code of the exercise it names.
func (s *Server) controlCode(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	x := s.exercise(r.PathValue("id"))
	if !ok || x == nil {
		return false
	}
	a, ok := x.match([]byte(tok))
	return ok && a.role == wire.RoleInstructor
}

func (s *Server) apiCodes(w http.ResponseWriter, r *http.Request) {
	codes, err := s.Codes(r.PathValue("id"))
	if err != nil {
		writeJSON(w, http.StatusNotFound, apiError{Error: err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, codes)
}

func (s *Server) apiIssue(w http.ResponseWriter, r *http.Request) {
	var req CodeRequest
	if !readJSON(w, r, &req) {
		return
	}
	c, err := s.IssueCode(r.PathValue("id"), req)
	if err != nil {
		writeCodeError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) apiRevoke(w http.ResponseWriter, r *http.Request) {
	if err := s.RevokeCode(r.PathValue("id"), r.PathValue("code")); err != nil {
		writeCodeError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// writeCodeError answers a failed code request: 404 for an exercise or
// code that does not exist, 400 for a bad request.
func writeCodeError(w http.ResponseWriter, err error) {
	status := http.StatusBadRequest
	if errors.Is(err, ErrNoExercise) {
		status = http.StatusNotFound
	}
	writeJSON(w, status, apiError{Error: err.Error()})
}
