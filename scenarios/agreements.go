package scenarios

import (
	"fmt"
	"strings"

	"github.com/borderdrill/borderdrill/sim"
)

// This file reads agreements between teams: sharing, hot pursuit and joint zones.

// Keys allowed in this section's mappings, in the order docs/SCENARIOS.md
// presents them.
var (
	agreementKeys = []string{"id", "between", "share", "share_depth_km", "delay", "fidelity_m", "hot_pursuit", "rescue", "joint_zones",
		"on_cut", "backup", "commission", "readmission"}
	pursuitKeys = []string{"depth_km", "time"}
	backupKeys  = []string{"delay", "per_hour"}
	readmitKeys = []string{"allowed", "per_day", "opens", "closes"}
	zoneKeys    = []string{"name", "at", "radius_km"}
)

func (b *builder) readAgreements(top *object) {
	b.agreements = map[string]int{}
	for _, o := range b.objects(top, "agreements", "agreement", "id", agreementKeys) {
		id, ok := b.name(o, "id", b.agreements, "agreement id")
		a := sim.AgreementSpec{ID: id, A: -1, B: -1}
		if o.require("between") {
			pair := o.list("between")
			if len(pair) != 2 {
				o.errorf("between", "between: want two team ids, e.g. [FIN, RUS]; got %d", len(pair))
			} else {
				var idx [2]int
				for i, n := range pair {
					idx[i] = -1
					id, _ := scalar(b.resolve(n))
					if t, found := b.teams[id]; found {
						idx[i] = t
					} else {
						b.errorf(n, "%s: between: unknown team %q%s; allowed: %s", o.what, id, suggest(id, b.teamIDs()), strings.Join(b.teamIDs(), ", "))
					}
				}
				if idx[0] >= 0 && idx[0] == idx[1] {
					o.errorf("between", "between: an agreement is between two different teams")
				}
				a.A, a.B = idx[0], idx[1]
			}
		}
		a.Share = spelled(o, "share", "share mode", sim.ShareNone)
		if a.Share == sim.ShareBorder {
			if o.require("share_depth_km") {
				a.ShareDepth = o.number("share_depth_km", 0, 0, 1000) * 1000
			}
		} else if o.has("share_depth_km") {
			o.errorf("share_depth_km", "share_depth_km: only used with share: border")
		}
		a.Delay = b.ticks(o.duration("delay", 0))
		a.Commission = b.text(o, "commission")
		a.Fidelity = o.number("fidelity_m", 0, 0, 100000)
		if hp := b.object(o.vals["hot_pursuit"], o.what+": hot_pursuit", pursuitKeys); hp != nil {
			hp.require("depth_km", "time")
			a.PursuitDepth = hp.number("depth_km", 0, 0, 1000) * 1000
			a.PursuitTicks = b.ticks(hp.duration("time", 0))
		}
		a.Rescue = o.boolean("rescue", false)
		for i, n := range o.list("joint_zones") {
			zo := b.object(n, fmt.Sprintf("%s: joint_zones %d", o.what, i+1), zoneKeys)
			if zo == nil {
				continue
			}
			zo.require("name", "at", "radius_km")
			z := sim.Zone{Name: zo.str("name", ""), Radius: zo.number("radius_km", 0, 0.01, 1000) * 1000}
			if zo.has("at") {
				z.Center, _ = b.place(zo, "at")
			}
			a.JointZones = append(a.JointZones, z)
		}
		if o.enum("on_cut", "cut mode", sim.CutDrop.String(), []string{sim.CutDrop.String(), sim.CutQueue.String()}) == sim.CutQueue.String() {
			a.OnCut = sim.CutQueue
		}
		if bo := b.object(o.vals["backup"], o.what+": backup", backupKeys); bo != nil {
			bo.require("per_hour")
			a.BackupDelay = b.ticks(bo.duration("delay", 0))
			a.BackupPerHour = bo.integer("per_hour", 0, 1, 3600)
		}
		if ro := b.object(o.vals["readmission"], o.what+": readmission", readmitKeys); ro != nil {
			a.NoReadmission = !ro.boolean("allowed", true)
			a.ReadmitPerDay = ro.integer("per_day", 0, 0, 100000)
			a.ReadmitFrom, a.ReadmitTo = ro.clock("opens", 0), ro.clock("closes", 0)
		}
		if ok {
			b.agreements[id] = len(b.s.Agreements)
		}
		b.s.Agreements = append(b.s.Agreements, a)
	}
}
