package scenarios

import "github.com/borderdrill/borderdrill/sim"

// This file reads measurable objectives.

// Keys allowed in this section's mappings, in the order docs/SCENARIOS.md
// presents them.
var objectiveKeys = []string{"id", "description", "kind", "team", "target", "window"}

func (b *builder) readObjectives(top *object) {
	b.objectives = map[string]int{}
	for _, o := range b.objects(top, "objectives", "objective", "id", objectiveKeys) {
		id, ok := b.name(o, "id", b.objectives, "objective id")
		o.require("kind", "target")
		kind := o.enum("kind", "objective kind", "", sim.Names[sim.ObjectiveKind]())
		team, _ := b.team(o, "team", false, true)
		ob := sim.ObjectiveSpec{
			ID:          id,
			Description: b.text(o, "description"),
			Team:        team,
		}
		ob.Kind, _ = sim.Parse[sim.ObjectiveKind](kind)
		switch kind {
		case "detect_within", "share_within", "vulnerable_care", "handover_within", "report_within", "resolve_within", "rescue_within":
			o.require("window")
			ob.Target = o.share("target", 0)
		case "asylum_registered":
			ob.Target = o.share("target", 0)
		case "deaths_max":
			ob.Target = float64(o.integer("target", 0, 0, 1000000))
		case "trade_cost_max":
			ob.Target = o.number("target", 0, 0, 1e12)
		case "apprehend_rate", "classify_accuracy":
			ob.Target = o.share("target", 0)
		case "max_incidents", "pursuit_incidents":
			ob.Target = float64(o.integer("target", 0, 0, 1000000))
		case "max_custody_hours":
			ob.Target = b.amount(o, "target", 3600, "hours")
		case "max_checkpoint_wait":
			ob.Target = b.amount(o, "target", 60, "minutes")
		}
		if o.has("window") {
			switch kind {
			case "detect_within", "share_within", "vulnerable_care", "handover_within", "report_within", "resolve_within", "rescue_within":
				ob.Window = b.ticks(o.duration("window", 0))
			default:
				o.errorf("window", "window: not used by kind %s; used by detect_within, share_within, vulnerable_care, handover_within, report_within, resolve_within, rescue_within", kind)
			}
		}
		if ok {
			b.objectives[id] = len(b.s.Objectives)
		}
		b.s.Objectives = append(b.s.Objectives, ob)
	}
}

// amount reads a non-negative target in a unit (hours, minutes) given as a
// number or as a duration string; unit is the unit's length in seconds.
func (b *builder) amount(o *object, key string, unit float64, unitName string) float64 {
	n := o.value(key)
	if n == nil {
		return 0
	}
	if _, ok := b.number(n); ok {
		return o.number(key, 0, 0, 1e6)
	}
	sec, err := parseDuration(n)
	if err != "" {
		o.errorf(key, "%s: want %s as a number or a duration; %s", key, unitName, err)
		return 0
	}
	return float64(sec) / unit
}
