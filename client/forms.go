package client

import (
	"math"
	"strings"
	"unicode"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/paulmach/orb"
)

// The white cell's ad-hoc forms and the evaluators' observation form. A
// form is a list of fields: Up and Down (or Tab) pick a field, Left and
// Right change a choice or a number, typed characters go into a text field
// (digits into a number field), Backspace deletes. Enter sends the form,
// or for an inject that happens at a place (a surge, a sensor, a new unit,
// the unit withdrawn) waits for a click on the map; Esc goes back or
// closes. While a form is open it takes every key (Typing).

// FormKind is which form is open.
type FormKind uint8

// Forms.
const (
	FormNone       FormKind = iota
	FormSurge               // N groups of a size, a vulnerable share and a heading, placed by a click
	FormMessage             // free text to one team or all
	FormSensor              // the sensor nearest a click out of service for a while, or back
	FormComms               // an agreement's comms, or a team's radio net, cut (or degraded) for a while, or restored
	FormWeather             // weather for a while
	FormAgreement           // an agreement's terms (sim.CmdAgreement)
	FormAddUnit             // a unit of a kind for a team, placed by a click
	FormRemoveUnit          // the unit clicked on withdrawn
	FormObserve             // an evaluator's observation
)

// formTitles are the forms' titles, as catalog keys.
var formTitles = [...]string{FormSurge: "form.title.surge", FormMessage: "form.title.message", FormSensor: "form.title.sensor",
	FormComms: "form.title.comms", FormWeather: "form.title.weather", FormAgreement: "form.title.agreement",
	FormAddUnit: "form.title.add_unit", FormRemoveUnit: "form.title.remove_unit", FormObserve: "form.title.observe"}

// Title returns the form's title as a catalog key.
func (k FormKind) Title() string { return formTitles[k] }

// placed reports whether the form's inject happens where the user clicks.
func (k FormKind) placed() bool {
	return k == FormSurge || k == FormSensor || k == FormAddUnit || k == FormRemoveUnit
}

// FieldKind is what a field holds.
type FieldKind uint8

// Field kinds.
const (
	FieldChoice FieldKind = iota // one of Options, by Value
	FieldNumber                  // Value from Min to Max; with Unset, Min-1 means "unchanged"
	FieldText                    // Text typed
)

// Field is one line of a form.
type Field struct {
	Label   string // catalog key
	Kind    FieldKind
	Options []string // FieldChoice: catalog keys, or names when Names
	Names   bool     // Options are names (teams, agreements, MSEL rows), not catalog keys
	Value   int
	Min     int
	Max     int
	Step    int  // Left and Right change a number by this much
	Unset   bool // FieldNumber: may stay unchanged (Value Min-1)
	Text    []rune
}

// IsUnset reports whether a number field is left unchanged.
func (f *Field) IsUnset() bool { return f.Kind == FieldNumber && f.Unset && f.Value < f.Min }

// Form is the open form, if any.
type Form struct {
	Kind    FormKind
	Fields  []Field
	At      int  // the field picked
	Placing bool // waiting for a click on the map
	refs    []wire.Subject
}

// Minutes fields: durations of outages, cuts and weather.
const (
	formMinutesDefault = 60   // minutes
	formMinutesMax     = 2880 // minutes: two days
	formMinutesStep    = 15   // minutes
	surgeHeadingReach  = 5000 // metres: a surge with a heading heads this far that way
)

// Headings of a surge: across the border (the World picks the point), or
// a compass point, as catalog keys.
var headings = []string{"form.o.across", "form.o.n", "form.o.ne", "form.o.e", "form.o.se", "form.o.s", "form.o.sw", "form.o.w", "form.o.nw"}

// Typing reports whether a form is open: it takes every key of the frame.
func (c *Controller) Typing() bool { return c.Form.Kind != FormNone }

// minutes is a duration field in minutes, 0 meaning until changed.
func minutes() Field {
	return Field{Label: "form.f.minutes", Kind: FieldNumber, Value: formMinutesDefault, Max: formMinutesMax, Step: formMinutesStep}
}

// teamChoice is a choice of team, with every team first when all.
func (c *Controller) teamChoice(all bool) Field {
	f := Field{Label: "form.f.to", Kind: FieldChoice, Names: true}
	if all {
		f.Options = append(f.Options, c.tr().T("msel.all_teams"))
	}
	for i := range c.Teams {
		f.Options = append(f.Options, c.teamID(i))
	}
	if all && c.ViewTeam >= 0 {
		f.Value = c.ViewTeam + 1
	} else if !all {
		f.Value = c.shownTeam()
	}
	return f
}

// agreementChoice is a choice of the view's agreements.
func agreementChoice(v *sim.View) Field {
	f := Field{Label: "form.f.agreement", Kind: FieldChoice, Names: true}
	if v != nil {
		for _, cv := range v.Comms {
			f.Options = append(f.Options, cv.Agreement)
		}
	}
	return f
}

// OpenForm opens form k, its fields at their defaults, against view v.
func (c *Controller) OpenForm(k FormKind, v *sim.View) {
	f := Form{Kind: k}
	switch k {
	case FormSurge:
		f.Fields = []Field{
			{Label: "form.f.groups", Kind: FieldNumber, Value: AdHocSurgeGroups, Min: 1, Max: sim.MaxSurgeGroups, Step: 1},
			{Label: "form.f.size", Kind: FieldNumber, Value: AdHocSurgeSize, Min: 1, Max: sim.MaxSurgeSize, Step: 1},
			{Label: "form.f.vulnerable", Kind: FieldNumber, Value: AdHocSurgeVulnerable, Max: 100, Step: 5},
			{Label: "form.f.heading", Kind: FieldChoice, Options: headings},
		}
	case FormMessage:
		f.Fields = []Field{c.teamChoice(true), {Label: "form.f.text", Kind: FieldText}}
		f.At = 1
	case FormSensor:
		f.Fields = []Field{{Label: "form.f.action", Kind: FieldChoice, Options: []string{"form.o.down", "form.o.up"}}, minutes()}
	case FormComms:
		if v == nil || len(v.Comms) == 0 {
			c.notice("%s", c.tr().T("ctl.adhoc_no_comms"))
			return
		}
		link := agreementChoice(v)
		for i := range c.Teams { // then each team's internal comms (sendForm)
			link.Options = append(link.Options, c.tr().F("form.o.team_net", c.teamID(i)))
		}
		f.Fields = []Field{link, {Label: "form.f.action", Kind: FieldChoice, Options: []string{"form.o.cut", "form.o.degrade", "form.o.restore"}}, minutes()}
	case FormWeather:
		w := Field{Label: "form.f.weather", Kind: FieldChoice}
		for x := sim.Clear; x <= sim.Storm; x++ {
			w.Options = append(w.Options, "sim.Weather."+x.String())
		}
		if v != nil {
			w.Value = int(v.Weather+1) % len(w.Options)
		}
		f.Fields = []Field{w, minutes()}
	case FormAgreement:
		if v == nil || len(v.Comms) == 0 {
			c.notice("%s", c.tr().T("ctl.adhoc_no_comms"))
			return
		}
		unset := func(label string, most, step int) Field {
			return Field{Label: label, Kind: FieldNumber, Unset: true, Value: -1, Max: most, Step: step}
		}
		f.Fields = []Field{agreementChoice(v),
			{Label: "form.f.share", Kind: FieldChoice, Options: []string{"form.unchanged", "form.o.share_none", "form.o.share_all", "form.o.share_border"}},
			unset("form.f.share_depth", 100000, 500),
			unset("form.f.delay", 86400, 60),
			unset("form.f.pursuit_depth", 100000, 500),
			unset("form.f.pursuit_min", 1440, 5),
			{Label: "form.f.on_cut", Kind: FieldChoice, Options: []string{"form.unchanged", "form.o.drop", "form.o.queue"}},
		}
	case FormAddUnit:
		kind := Field{Label: "form.f.kind", Kind: FieldChoice, Value: int(sim.Vehicle)}
		for x := sim.Foot; x <= sim.Drone; x++ {
			kind.Options = append(kind.Options, "sim.UnitKind."+x.String())
		}
		team := c.teamChoice(false)
		team.Label = "form.f.team"
		f.Fields = []Field{team, kind, {Label: "form.f.name", Kind: FieldText}}
	case FormRemoveUnit:
		f.Placing = true
	}
	c.Form = f
	c.AdHoc = false
}

// OpenObservation opens an evaluator's observation form about ref: an
// MSEL row's, an objective's or a team's id (the subject is a choice of
// every one of them).
func (c *Controller) OpenObservation(ref string, v *sim.View) {
	subj := Field{Label: "form.f.subject", Kind: FieldChoice, Names: true}
	var refs []wire.Subject
	add := func(id string, s wire.Subject) {
		if id == ref {
			subj.Value = len(subj.Options)
		}
		subj.Options = append(subj.Options, id)
		refs = append(refs, s)
	}
	for _, in := range c.Injects {
		add(in.ID, wire.SubjectInject)
	}
	if v != nil {
		for _, in := range v.Injects {
			if sim.IsAdHoc(in.ID) {
				add(in.ID, wire.SubjectInject)
			}
		}
		for _, o := range v.Objective {
			add(o.ID, wire.SubjectObjective)
		}
	}
	for i := range c.Teams {
		add(c.teamID(i), wire.SubjectTeam)
	}
	rating := Field{Label: "form.f.rating", Kind: FieldChoice, Names: true}
	for r := wire.RatingP; r <= wire.RatingU; r++ {
		rating.Options = append(rating.Options, r.String())
	}
	c.Form = Form{Kind: FormObserve, Fields: []Field{subj, rating, {Label: "form.f.note", Kind: FieldText}}, At: 2, refs: refs}
	c.Menu = false
}

// TakeObservation returns the observation the evaluator's form sent since
// the last call, if any.
func (c *Controller) TakeObservation() (wire.Observation, bool) {
	o := c.observation
	c.observation = nil
	if o == nil {
		return wire.Observation{}, false
	}
	return *o, true
}

// FormUpdate handles one frame of input while a form is open and returns
// the commands it sends. The caller gives it the frame's input before
// anything else takes keys.
func (c *Controller) FormUpdate(in Input, v *sim.View) []sim.Command {
	c.out = nil
	c.formFrame(in, v)
	return c.out
}

// formFrame handles a frame's input in the open form, adding what it sends
// to c.out.
func (c *Controller) formFrame(in Input, v *sim.View) {
	f := &c.Form
	if f.Placing {
		c.camera(in) // zoom and pan to the place
		for _, k := range in.Keys {
			if k == KeyEscape {
				f.Placing = false
				if len(f.Fields) == 0 {
					c.Form = Form{}
				}
				return
			}
		}
		if in.Left.Pressed {
			c.place(c.Cam.ToWorld(in.X, in.Y), in, v)
		}
		return
	}
	if len(f.Fields) == 0 {
		return
	}
	fd := &f.Fields[f.At]
	for _, r := range in.Chars {
		switch {
		case !unicode.IsPrint(r):
		case fd.Kind == FieldText && len(fd.Text) < MaxChatRunes:
			fd.Text = append(fd.Text, r)
		case fd.Kind == FieldNumber && r >= '0' && r <= '9':
			if fd.IsUnset() {
				fd.Value = 0
			}
			fd.Value = min(fd.Value*10+int(r-'0'), fd.Max)
		}
	}
	for _, k := range in.Keys {
		switch k {
		case KeyUp:
			f.At = (f.At + len(f.Fields) - 1) % len(f.Fields)
		case KeyDown, KeyTab:
			f.At = (f.At + 1) % len(f.Fields)
		case KeyLeft, KeyRight:
			step := 1
			if k == KeyLeft {
				step = -1
			}
			fd.change(step)
		case KeyBackspace:
			switch {
			case fd.Kind == FieldText && len(fd.Text) > 0:
				fd.Text = fd.Text[:len(fd.Text)-1]
			case fd.Kind == FieldNumber:
				fd.Value /= 10
				if fd.Unset && fd.Value == 0 {
					fd.Value = fd.Min - 1
				}
			}
		case KeyEscape:
			c.Form = Form{}
			return
		case KeyEnter:
			if f.Kind.placed() {
				f.Placing = true
				return
			}
			c.sendForm(v)
			return
		}
		fd = &f.Fields[f.At]
	}
	return
}

// change moves a choice or a number by step (times the field's Step).
func (f *Field) change(step int) {
	switch f.Kind {
	case FieldChoice:
		if n := len(f.Options); n > 0 {
			f.Value = (f.Value + step + n) % n
		}
	case FieldNumber:
		lo := f.Min
		if f.Unset {
			lo = f.Min - 1
		}
		if f.IsUnset() && step > 0 {
			f.Value = f.Min
			return
		}
		f.Value = min(max(f.Value+step*max(f.Step, 1), lo), f.Max)
	}
}

// forTicks is a minutes field as ticks.
func (c *Controller) forTicks(f *Field) int32 {
	return int32(f.Value * 60 / max(c.TickSeconds, 1))
}

// sendForm sends a form that needs no place.
func (c *Controller) sendForm(v *sim.View) {
	f := &c.Form
	fs := f.Fields
	switch f.Kind {
	case FormMessage:
		text := strings.TrimSpace(string(fs[1].Text))
		if text == "" {
			c.notice("%s", c.tr().T("ctl.form_no_text"))
			return
		}
		to := sim.All
		if fs[0].Value > 0 {
			to = fs[0].Value - 1
		}
		c.emit(sim.Command{Kind: sim.CmdMessage, ToTeam: to, Text: text}, c.tr().T("ctl.adhoc_message"))
	case FormComms:
		if team := fs[0].Value - (len(fs[0].Options) - c.Teams); team >= 0 {
			if !c.teamNet(team, fs) {
				return
			}
			break
		}
		kind := [...]sim.CommandKind{sim.CmdCommsCut, sim.CmdCommsDegrade, sim.CmdCommsRestore}[fs[1].Value]
		var dur int32
		if kind != sim.CmdCommsRestore {
			dur = c.forTicks(&fs[2])
		}
		c.emit(sim.Command{Kind: kind, Index: fs[0].Value, For: dur}, c.tr().F("ctl.adhoc_comms", fs[0].Options[fs[0].Value]))
	case FormWeather:
		c.emit(sim.Command{Kind: sim.CmdWeather, Index: fs[0].Value, For: c.forTicks(&fs[1])}, c.tr().T("ctl.adhoc_weather"))
	case FormAgreement:
		t := sim.Unchanged
		t.Share = fs[1].Value - 1
		if !fs[2].IsUnset() {
			t.ShareDepth = float64(fs[2].Value)
		}
		if !fs[3].IsUnset() {
			t.DelaySecs = fs[3].Value
		}
		if !fs[4].IsUnset() {
			t.PursuitDepth = float64(fs[4].Value)
		}
		if !fs[5].IsUnset() {
			t.PursuitMins = fs[5].Value
		}
		t.OnCut = fs[6].Value - 1
		terms := t.String()
		if terms == "" {
			c.notice("%s", c.tr().T("ctl.form_nothing"))
			return
		}
		c.emit(sim.Command{Kind: sim.CmdAgreement, Index: fs[0].Value, Text: terms}, c.tr().F("ctl.adhoc_agreement", fs[0].Options[fs[0].Value]))
	case FormObserve:
		o := wire.Observation{Subject: f.refs[fs[0].Value], Ref: fs[0].Options[fs[0].Value], Rating: wire.Rating(fs[1].Value + 1),
			Text: strings.TrimSpace(string(fs[2].Text))}
		c.observation = &o
	}
	c.Form = Form{}
}

// teamNet sends the comms form's choice for a team's internal comms:
// cut (an outage for the minutes given, 0 until restored) or restore; a
// team's net is not degraded, and the form stays open to say so.
func (c *Controller) teamNet(team int, fs []Field) bool {
	switch fs[1].Value {
	case 0:
		c.emit(TeamCommsCommand(team, true, fs[2].Value*60, c.TickSeconds), c.tr().F("ctl.adhoc_team_net", c.teamID(team)))
	case 2:
		c.emit(TeamCommsCommand(team, false, 0, c.TickSeconds), c.tr().F("ctl.adhoc_team_net", c.teamID(team)))
	default:
		c.notice("%s", c.tr().T("ctl.team_net_degrade"))
		return false
	}
	return true
}

// place sends a placed form's inject at p.
func (c *Controller) place(p orb.Point, in Input, v *sim.View) {
	if v == nil {
		return
	}
	f := &c.Form
	fs := f.Fields
	switch f.Kind {
	case FormSurge:
		cmd := sim.Command{Kind: sim.CmdSurge, Target: p, Count: fs[0].Value, Size: fs[1].Value, Vulnerable: fs[2].Value}
		if h := fs[3].Value; h > 0 {
			a := float64(h-1) * math.Pi / 4 // 0 north, clockwise
			cmd.Route = []orb.Point{{p[0] + surgeHeadingReach*math.Sin(a), p[1] + surgeHeadingReach*math.Cos(a)}}
		}
		c.emit(cmd, c.tr().F("ctl.adhoc_surge", cmd.Count))
	case FormSensor:
		i := nearestSensor(v, p)
		if i < 0 {
			c.notice("%s", c.tr().T("ctl.adhoc_no_sensor"))
			return
		}
		cmd := sim.Command{Kind: sim.CmdSensorDown, Index: int(v.Sensors[i].ID), For: c.forTicks(&fs[1])}
		if fs[0].Value == 1 {
			cmd.Kind, cmd.For = sim.CmdSensorUp, 0
		}
		c.emit(cmd, c.tr().F("ctl.adhoc_sensor", v.Sensors[i].Name))
	case FormAddUnit:
		c.emit(sim.Command{Kind: sim.CmdAddUnit, ToTeam: fs[0].Value, Index: fs[1].Value, Target: p, Text: strings.TrimSpace(string(fs[2].Text))},
			c.tr().T("ctl.adhoc_add_unit"))
	case FormRemoveUnit:
		u, ok := c.UnitAt(v, in.X, in.Y)
		if !ok {
			c.notice("%s", c.tr().T("ctl.form_no_unit"))
			return
		}
		c.emit(sim.Command{Kind: sim.CmdRemoveUnit, Unit: u.ID}, c.tr().F("ctl.adhoc_remove", u.Name))
	}
	c.Form = Form{}
}
