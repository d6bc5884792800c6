package sim

import (
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// hashExempt is the state Hash leaves out, by path (a slice's elements
// are "[]"), with the reason. Every other field of the World, down to the
// fields of its entities, must change the hash when it changes.
var hashExempt = map[string]string{
	"sc":           "the scenario: fixed",
	"m":            "the map: fixed",
	"rng":          "draws from pcg, which is hashed",
	"prng":         "draws from ppcg, which is hashed",
	"ts":           "the scenario's tick length: fixed",
	"cgrid":        "an index over the crossers' positions, rebuilt from them",
	"ugrid":        "an index over the units' positions, rebuilt every tick",
	"spotted":      "a sweep's scratch, empty between Steps",
	"lookRuns":     "a look's scratch",
	"sweepRuns":    "a cache of the runs of cgrid each sensor reads",
	"events":       "the last Step's output",
	"seen.now":     "the tick's scratch, cleared when the tick changes",
	"seen.nowTick": "the tick's scratch, cleared when the tick changes",
	"stats.Teams":  "filled only in the copy Stats returns; the figures are the teams'",

	"teams[].spec":          "the scenario's: never written after New",
	"units[].spec":          "the scenario's: never written after New",
	"crossers[]._":          "padding that puts every record's hot line on a cache line",
	"units[].thin":          "observe's best probability and its logarithm, cached",
	"units[].country":       "the map's raster cell it was last in, a cache of CountryAt",
	"sensors[].spec":        "the scenario's: never written after New",
	"sensors[].thin":        "the sweep's best probability and its logarithm, cached",
	"sensors[].height":      "the spec's or the kind's height, set in New, never written after",
	"sensors[].vs":          "the line of sight worked out from the scenario's elevation in New, never written after",
	"flows[].spec":          "the scenario's: never written after New",
	"barriers[].spec":       "the scenario's: never written after New",
	"barriers[].line":       "drawn from the spec in New",
	"checks[].spec":         "the scenario's: never written after New",
	"checks[].tally":        "the review's totals by stream: a split of checks[].vehicles and wait, which are hashed; never read by the world",
	"sites[].spec":          "the scenario's reception points and the teams' bases: never written after New",
	"community":             "the scenario's reports and towns: fixed",
	"injects[].spec":        "the scenario's: never written after New",
	"agreements[].far":      "a cache of which grid cells are far from the border",
	"agreements[].farDepth": "the depth the far cache was filled for",
	// An inject changes only Delay, Share and PursuitDepth of an agreement.
	"agreements[].spec.ID":            "never changed by an inject",
	"agreements[].spec.A":             "never changed by an inject",
	"agreements[].spec.B":             "never changed by an inject",
	"agreements[].spec.ShareDepth":    "never changed by an inject",
	"agreements[].spec.Fidelity":      "never changed by an inject",
	"agreements[].spec.PursuitTicks":  "never changed by an inject",
	"agreements[].spec.OnCut":         "never changed by an inject",
	"agreements[].spec.BackupDelay":   "never changed by an inject",
	"agreements[].spec.BackupPerHour": "never changed by an inject",
	"agreements[].spec.JointZones":    "never changed by an inject",
	"agreements[].spec.Rescue":        "never changed by an inject",
	"agreements[].spec.Commission":    "a name for the clients, never changed by an inject",
	"agreements[].spec.NoReadmission": "never changed by an inject",
	"agreements[].spec.ReadmitPerDay": "never changed by an inject",
	"agreements[].spec.ReadmitFrom":   "never changed by an inject",
	"agreements[].spec.ReadmitTo":     "never changed by an inject",
	"objectives[].ID":                 "the objective's spec",
	"objectives[].Description":        "the objective's spec",
	"objectives[].Target":             "the objective's spec",
	// Routes are subslices of paths the map caches and shares; their
	// lengths are hashed, and the points follow from the positions and
	// goals, which are.
	"coverAreas":        "the scenario's cover areas: never written after New",
	"units[].way.pts[]": "points of the map's cached path: never written",
	"legs[][0][]":       "points of the map's cached path: never written",
	"legs[][1][]":       "points of the map's cached path: never written",
	"coop":              "hashed once a cooperation command is applied, so older hashes stand: TestCoopHashCoversState",
}

// hashCustom changes the state that reflection cannot.
var hashCustom = map[string]func(w *World){
	"pcg":  func(w *World) { w.pcg.Uint64() },
	"ppcg": func(w *World) { w.ppcg.Uint64() },
}

// step is one move down a path: a struct field, an array element or a
// slice's last element.
type step struct {
	field int // struct field index, or -1
	elem  int // array index, or -1 for a slice's last element
}

// leaf is one mutable piece of state.
type leaf struct {
	path  string
	steps []step
}

// field returns struct field i of v, settable even when unexported.
func field(v reflect.Value, i int) reflect.Value {
	f := v.Field(i)
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
}

// leaves lists every scalar under v that is neither exempt nor custom,
// giving empty slices one zero element so their elements are reached.
func leaves(t *testing.T, v reflect.Value, path string, steps []step, used map[string]bool, out *[]leaf) {
	if _, ok := hashExempt[path]; ok {
		used[path] = true
		return
	}
	if _, ok := hashCustom[path]; ok {
		used[path] = true
		return
	}
	sub := func(s step) []step { return append(append([]step(nil), steps...), s) }
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			p := v.Type().Field(i).Name
			if path != "" {
				p = path + "." + p
			}
			leaves(t, field(v, i), p, sub(step{field: i, elem: -1}), used, out)
		}
	case reflect.Array:
		for i := range v.Len() {
			leaves(t, v.Index(i), path+"["+string(rune('0'+i))+"]", sub(step{field: -1, elem: i}), used, out)
		}
	case reflect.Slice:
		if v.Len() == 0 {
			v.Set(reflect.Append(v, reflect.Zero(v.Type().Elem())))
		}
		leaves(t, v.Index(v.Len()-1), path+"[]", sub(step{field: -1, elem: -1}), used, out)
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64, reflect.String:
		*out = append(*out, leaf{path, steps})
	default:
		t.Errorf("%s: a %s; hash it with a custom change in hashCustom, or exempt it", path, v.Kind())
	}
}

// eachChangesHash changes each leaf, one at a time on a clone of w, and
// checks that the hash changes and the original's does not; it returns
// w's hash.
func eachChangesHash(t *testing.T, w *World, all []leaf) uint64 {
	base := w.Hash()
	for _, l := range all {
		t.Run(l.path, func(t *testing.T) {
			c := w.Clone()
			l.mutate(c)
			if c.Hash() == base {
				t.Errorf("changing %s leaves the hash at %016x", l.path, base)
			}
			if w.Hash() != base {
				t.Fatalf("changing %s on a clone changed the original", l.path)
			}
		})
	}
	return base
}

// mutate changes the scalar at l's path in w.
func (l leaf) mutate(w *World) {
	v := reflect.ValueOf(w).Elem()
	for _, s := range l.steps {
		switch {
		case s.field >= 0:
			v = field(v, s.field)
		case s.elem >= 0:
			v = v.Index(s.elem)
		default:
			v = v.Index(v.Len() - 1)
		}
	}
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(v.Int() + 1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(v.Uint() ^ 1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(v.Float() + 0.5)
	case reflect.String:
		v.SetString(v.String() + "x")
	}
}

// TestHashCoversState changes each piece of a running World's state, one
// at a time on a clone, and checks that the hash changes: every field of
// the World and of its units, sensors, groups, tracks, agreements,
// checkpoints, queues and tallies, found by reflection, so that a field
// added later and not hashed fails here until it is hashed or listed in
// hashExempt with its reason.
func TestHashCoversState(t *testing.T) {
	w := stepped(t, 7, 1200)
	// A vehicle waiting, so the queue's pending part has a last element.
	for i := range w.checks {
		cp := &w.checks[i]
		for s := range cp.streams {
			cp.streams[s].queue = append(cp.streams[s].queue, vehicle{at: float64(w.tick)})
		}
		cp.second.queue = append(cp.second.queue, vehicle{at: float64(w.tick)})
	}
	used := map[string]bool{}
	var all []leaf
	leaves(t, reflect.ValueOf(w).Elem(), "", nil, used, &all)
	if len(all) < 100 {
		t.Fatalf("only %d pieces of state found", len(all))
	}
	base := eachChangesHash(t, w, all)
	for p, change := range hashCustom {
		c := w.Clone()
		change(c)
		if c.Hash() == base {
			t.Errorf("changing %s leaves the hash unchanged", p)
		}
	}
	for p := range hashExempt {
		if !used[p] {
			t.Errorf("hashExempt lists %s, which the World no longer has", p)
		}
	}
	if t.Failed() {
		t.Logf("pieces of state checked: %s", strings.Join(func() []string {
			var s []string
			for _, l := range all {
				s = append(s, l.path)
			}
			return s
		}(), " "))
	}
}
