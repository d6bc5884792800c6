package scenarios

import (
	"slices"
	"strings"

	"github.com/borderdrill/borderdrill/sim"
)

// This file reads the injects of the master scenario events list (MSEL).

// Keys allowed in this section's mappings, in the order docs/SCENARIOS.md
// presents them.
var (
	injectKeys  = []string{"id", "at", "trigger", "manual", "contingency", "synopsis", "message", "addressee", "expected_action", "objective", "kind", "flow", "groups", "sensors", "agreement", "cut", "weather", "for", "delay", "share", "pursuit_depth_km", "team"}
	triggerKeys = []string{"detections", "crossings", "incidents", "apprehended"}
)

// injectKindKeys lists the effect keys each inject kind takes.
var injectKindKeys = map[string][]string{
	"message":           nil,
	"surge":             {"flow", "groups"},
	"sensor_outage":     {"sensors", "for"},
	"sensor_restore":    {"sensors"},
	"comms_outage":      {"agreement", "cut", "for"},
	"weather":           {"weather", "for"},
	"agreement_change":  {"agreement", "delay", "share", "pursuit_depth_km", "for"},
	"team_comms_outage": {"team", "for"},
}

func (b *builder) readInjects(top *object) {
	seen := map[string]int{}
	type contingency struct {
		o *object
		i int
	}
	var contingent []contingency
	for _, o := range b.objects(top, "injects", "inject", "id", injectKeys) {
		id, ok := b.name(o, "id", seen, "inject id")
		kind := o.enum("kind", "inject kind", "message", sim.Names[sim.InjectKind]())
		ikind, _ := sim.Parse[sim.InjectKind](kind)
		in := sim.InjectSpec{
			ID:         id,
			Synopsis:   b.text(o, "synopsis"),
			Message:    b.text(o, "message"),
			Expected:   b.text(o, "expected_action"),
			Kind:       ikind,
			NewDelay:   -1,
			NewShare:   -1,
			NewPursuit: -1,
		}
		// Events addressed to sim.Instructor reach only the white cell, so
		// "all" (the default) is sim.All; "instructor" is a note to the
		// white cell alone.
		in.Addressee = sim.All
		if o.str("addressee", "") == "instructor" {
			in.Addressee = sim.Instructor
		} else if t, ok := b.team(o, "addressee", false, true); ok && t >= 0 {
			in.Addressee = t
		}
		if o.has("objective") {
			obj := o.str("objective", "")
			if _, found := b.objectives[obj]; !found {
				ids := sortedKeys(b.objectives)
				o.errorf("objective", "objective: %q is not a declared objective%s; allowed: %s", obj, suggest(obj, ids), orNone(ids))
			}
			in.Objective = obj
		}
		b.readTrigger(o, &in)
		b.readEffect(o, kind, &in)
		if ok {
			seen[id] = len(b.s.Injects)
		}
		if o.has("contingency") {
			contingent = append(contingent, contingency{o, len(b.s.Injects)})
		}
		b.s.Injects = append(b.s.Injects, in)
	}
	for _, c := range contingent {
		b.readContingency(c.o, &b.s.Injects[c.i], seen)
	}
}

// readContingency reads an inject's contingency: the id of another inject
// of the list, which it stands in for; only an inject with a time can be
// one.
func (b *builder) readContingency(o *object, in *sim.InjectSpec, seen map[string]int) {
	ref := o.str("contingency", "")
	if _, ok := seen[ref]; !ok || ref == in.ID {
		ids := sortedKeys(seen)
		o.errorf("contingency", "contingency: %q is not another inject of the list%s; allowed: %s", ref, suggest(ref, ids), orNone(ids))
		return
	}
	if in.Trigger != sim.TriggerTime {
		o.errorf("contingency", "contingency: only an inject with at (a time) can stand in for another")
		return
	}
	in.Contingency = ref
}

// readTrigger reads when an inject fires: at, trigger or manual.
func (b *builder) readTrigger(o *object, in *sim.InjectSpec) {
	set := 0
	for _, k := range []string{"at", "trigger", "manual"} {
		if o.has(k) {
			set++
		}
	}
	if set != 1 {
		o.errorf("at", "give exactly one of at (a time), trigger ({detections: N} …) or manual: true; got %d", set)
	}
	in.At = -1
	switch {
	case o.has("at"):
		in.Trigger = sim.TriggerTime
		sec := b.when(o, "at", 0)
		if sec >= b.dur {
			o.errorf("at", "at: %s after the start, at or after the end of the exercise (%s)", fmtDuration(sec), fmtDuration(b.dur))
		}
		in.At = b.ticks(sec)
	case o.has("trigger"):
		t := b.object(o.vals["trigger"], o.what+": trigger", triggerKeys)
		if t == nil {
			return
		}
		n := 0
		for i, k := range triggerKeys {
			if t.has(k) {
				n++
				in.Trigger = sim.TriggerKind(i + 1)
				in.Threshold = t.integer(k, 1, 1, 1000000)
			}
		}
		if n != 1 {
			b.errorf(t.node, "%s: trigger: give exactly one of %s with a count, e.g. {crossings: 20}", o.what, strings.Join(triggerKeys, ", "))
		}
	case o.has("manual"):
		in.Trigger = sim.TriggerManual
		if !o.boolean("manual", true) {
			o.errorf("manual", "manual: false is not a trigger; use at or trigger, or manual: true")
		}
	}
}

// readEffect reads the kind-specific fields of an inject.
func (b *builder) readEffect(o *object, kind string, in *sim.InjectSpec) {
	allowed := injectKindKeys[kind]
	for _, k := range []string{"flow", "groups", "sensors", "agreement", "cut", "weather", "for", "delay", "share", "pursuit_depth_km", "team"} {
		if o.has(k) && !slices.Contains(allowed, k) {
			o.errorf(k, "%s: not used by kind %s; %s takes %s", k, kind, kind, orNone(allowed))
		}
	}
	in.For = b.ticks(o.duration("for", 0))
	switch kind {
	case "message":
		if !o.has("message") {
			o.require("message")
		}
	case "surge":
		o.require("flow", "groups")
		in.Flow = b.ref(o, "flow", b.flows, "flow")
		in.Groups = o.integer("groups", 1, 1, 100000)
	case "sensor_outage", "sensor_restore":
		o.require("sensors")
		for _, n := range o.list("sensors") {
			name, _ := scalar(b.resolve(n))
			i, found := b.sensors[name]
			if !found {
				names := sortedKeys(b.sensors)
				b.errorf(n, "%s: sensors: unknown sensor %q%s; allowed: %s", o.what, name, suggest(name, names), orNone(names))
				continue
			}
			in.Sensors = append(in.Sensors, i)
		}
		if o.has("sensors") && len(o.list("sensors")) == 0 {
			o.errorf("sensors", "sensors: name at least one sensor")
		}
	case "comms_outage":
		o.require("agreement")
		in.Agreement = b.ref(o, "agreement", b.agreements, "agreement")
		in.Cut = o.boolean("cut", true)
	case "team_comms_outage":
		in.Team, _ = b.team(o, "team", true, false)
	case "weather":
		o.require("weather")
		in.Weather = b.weather(o, "weather", sim.Clear)
	case "agreement_change":
		o.require("agreement")
		in.Agreement = b.ref(o, "agreement", b.agreements, "agreement")
		if !o.has("delay") && !o.has("share") && !o.has("pursuit_depth_km") {
			o.errorf("kind", "agreement_change needs at least one of delay, share, pursuit_depth_km")
		}
		if o.has("delay") {
			in.NewDelay = b.ticks(o.duration("delay", 0))
		}
		if o.has("share") {
			in.NewShare = int(spelled(o, "share", "share mode", sim.ShareNone))
		}
		if o.has("pursuit_depth_km") {
			in.NewPursuit = o.number("pursuit_depth_km", 0, 0, 1000) * 1000
		}
	}
}
