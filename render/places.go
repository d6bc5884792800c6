package render

import (
	"slices"
	"strings"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
)

// This file labels the places the scenario names. A town counts as named
// when the scenario adds it (its places: key, a map file's own places: the
// towns without a population; or client.Info.Places, which a server's
// Welcome carries for a map loaded without them) or when a text of the
// exercise mentions it: an inject the user may read, a unit's, sensor's or
// checkpoint's name, the situation brief. Named towns are placed first, so
// that they win over the map's other towns, and drawn in bold; a unit's,
// sensor's or checkpoint's label still wins over any town's. A town the
// scenario gives names by language (places: name: {en: …, ru: …}, local:)
// is drawn by the reader's, else by its local name.

// addPlaces adds the Info's places the map lacks to the towns, as named.
func (g *Game) addPlaces() {
	st := g.st
	for i := range st.towns {
		if i < len(g.info.Map.Towns) && (g.info.Map.Towns[i].Pop == 0 || g.info.Map.Towns[i].Label != "") {
			st.towns[i].named = true // the scenario's own, or named by it
		}
	}
	for _, p := range g.info.Places {
		text := g.tr.PlaceName(p.Name, p.Label)
		if i := slices.IndexFunc(st.towns, func(l label) bool { return l.name == p.Name }); i >= 0 {
			if p.Label != "" { // the scenario's names for a town of the map
				st.towns[i].text, st.towns[i].named = text, true
			}
			continue
		}
		st.towns = append(st.towns, label{text: text, name: p.Name, pos: p.Pos, rank: -1, named: true})
	}
	g.nameTowns(nil)
}

// nameTowns marks the towns the exercise's texts mention, from the Info
// and the view v (nil: the Info alone), and orders the towns named first.
// A change of the named set redraws the map.
func (g *Game) nameTowns(v *sim.View) {
	texts := g.placeTexts[:0]
	texts = append(texts, g.info.Brief)
	for _, in := range g.info.Injects {
		texts = append(texts, in.Synopsis, in.Message, in.Expected)
	}
	if v != nil {
		for _, in := range v.Injects {
			texts = append(texts, in.Synopsis, in.Message)
		}
		for _, u := range v.Units {
			texts = append(texts, u.Name)
		}
		for _, s := range v.Sensors {
			texts = append(texts, s.Name)
		}
		for _, c := range v.Checks {
			texts = append(texts, c.Name)
		}
	}
	g.placeTexts = texts
	changed := false
	for i := range g.st.towns {
		t := &g.st.towns[i]
		if t.named || !mentioned(t.name, texts) {
			continue
		}
		t.named, changed = true, true
	}
	if changed || g.townOrder == nil {
		g.townOrder = append(g.townOrder[:0], g.st.towns...)
		slices.SortStableFunc(g.townOrder, func(a, b label) int {
			switch {
			case a.named && !b.named:
				return -1
			case b.named && !a.named:
				return 1
			}
			return a.rank - b.rank
		})
		g.mapValid = false
	}
}

// mentioned reports whether name occurs in one of texts as a word (not
// inside another: "Feres" in "Feres radar", not "Ed" in "Edirne").
func mentioned(name string, texts []string) bool {
	if name == "" {
		return false
	}
	for _, s := range texts {
		for i := 0; ; {
			k := strings.Index(s[i:], name)
			if k < 0 {
				break
			}
			a, b := i+k, i+k+len(name)
			if (a == 0 || !isLetter(s[a-1])) && (b == len(s) || !isLetter(s[b])) {
				return true
			}
			i = a + 1
		}
	}
	return false
}

// isLetter reports whether byte c is part of a word (ASCII letters and
// the bytes of non-ASCII letters).
func isLetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// TownNames returns the names of the towns the last frame placed on the
// map, as drawn: in the reader's language where the scenario gives it.
func (g *Game) TownNames() []string {
	var out []string
	for _, t := range g.towns {
		out = append(out, t.text)
	}
	return out
}

// placeName is the name a place a liaison phrase names is shown by to
// this reader: a town of the map or of the Info's places the sender wrote
// by any of its names, by the reader's name for it (i18n.WrittenPlace);
// any other place as written.
func (g *Game) placeName(written string) string {
	return g.tr.WrittenPlace(written, func(yield func(name, label string) bool) {
		for name, label := range g.info.Map.TownNames() {
			if !yield(name, label) {
				return
			}
		}
		for _, p := range g.info.Places {
			if !yield(p.Name, p.Label) {
				return
			}
		}
	})
}

// townFace is the face of a town's name: bold for a place the scenario
// names.
func (g *Game) townFace(t label) text.Face {
	if t.named {
		return g.fonts.bold
	}
	return g.fonts.small
}
