package render

import (
	"fmt"
	"strings"
)

// enum returns the reader's name of a sim enumeration value (weather, unit
// kind, order, …): the catalog's "sim.Type.value", or the value's own
// spelling where the catalog has none. The names are cached, so that a
// frame that names the same values again allocates nothing.
func (g *Game) enum(v fmt.Stringer) string {
	if s, ok := g.enums[v]; ok {
		return s
	}
	if g.enums == nil {
		g.enums = map[fmt.Stringer]string{}
	}
	s := v.String()
	if key := strings.Replace(fmt.Sprintf("%T.%s", v, s), "*", "", 1); g.tr.Has(key) {
		s = g.tr.T(key)
	}
	g.enums[v] = s
	return s
}

// persons says "1 person", "3 persons" in the reader's language.
func (g *Game) persons(n int) string {
	if n == 1 {
		return g.tr.T("persons.one")
	}
	return g.tr.F("persons.many", n)
}

// Lang returns the code of the language the game draws in, e.g. "fi".
func (g *Game) Lang() string { return g.tr.Code() }
