package scenarios

// This file reads elevation: SRTM height tiles (.hgt) beside the scenario
// file, which give cameras and radars a line of sight against the terrain
// (sim/terrain.go) and the client its relief.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/borderdrill/borderdrill/sim"
)

// readElevation reads the elevation key: an SRTM tile or a folder of them,
// relative to the scenario file. A folder's tiles that lie outside the map
// are not read; a single tile outside it is an error. Every camera, thermal
// camera and radar needs the tiles under its whole range: a missing one is
// an error that names it. Elsewhere, ground no tile covers is open ground
// (no line of sight is worked out there and the client shades nothing).
// On any error the scenario has no elevation.
func (b *builder) readElevation(top *object) {
	if !top.has("elevation") {
		return
	}
	rel, path, ok := b.besideFile(top, "elevation", "an SRTM .hgt tile or a folder of them", "elevation tiles")
	if !ok || b.m == nil {
		return
	}
	st, err := os.Stat(path)
	if err != nil {
		top.errorf("elevation", "elevation: %s: no such file or folder (a path relative to the scenario file)", rel)
		return
	}
	window := maps.LonLatBound(b.m.Proj, b.m.Bound)
	span := fmt.Sprintf("the map spans latitude %.2f to %.2f, longitude %.2f to %.2f", window.Min[1], window.Max[1], window.Min[0], window.Max[0])
	files := []string{path}
	if st.IsDir() {
		entries, err := os.ReadDir(path)
		if err != nil {
			top.errorf("elevation", "elevation: %v", err)
			return
		}
		files = files[:0]
		for _, e := range entries {
			if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".hgt") {
				files = append(files, filepath.Join(path, e.Name()))
			}
		}
		if len(files) == 0 {
			top.errorf("elevation", "elevation: folder %s holds no .hgt tiles", rel)
			return
		}
	}
	var tiles []maps.Tile
	for _, f := range files {
		lat, lon, err := maps.ParseTileName(f)
		if err != nil {
			top.errorf("elevation", "elevation: %s", strings.TrimPrefix(err.Error(), "maps: "))
			return
		}
		if !maps.TileBound(lat, lon).Intersects(window) {
			if !st.IsDir() {
				top.errorf("elevation", "elevation: tile %s does not cover the map: %s", filepath.Base(f), span)
				return
			}
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			top.errorf("elevation", "elevation: %v", err)
			return
		}
		t, err := maps.ParseHGT(f, data)
		if err != nil {
			top.errorf("elevation", "elevation: %s", strings.TrimPrefix(err.Error(), "maps: "))
			return
		}
		tiles = append(tiles, t)
	}
	if len(tiles) == 0 {
		top.errorf("elevation", "elevation: none of the %d tiles in %s covers the map: %s", len(files), rel, span)
		return
	}
	el, err := maps.NewElevation(b.m.Proj, tiles)
	if err != nil {
		top.errorf("elevation", "elevation: %s", strings.TrimPrefix(err.Error(), "maps: elevation: "))
		return
	}
	for _, sp := range b.s.Sensors {
		if !sim.SeesTerrain(sp.Kind) {
			continue
		}
		r := sim.SensorRange(sp)
		disc := orb.Bound{Min: orb.Point{sp.Pos[0] - r, sp.Pos[1] - r}, Max: orb.Point{sp.Pos[0] + r, sp.Pos[1] + r}}
		if miss := el.Missing(disc); len(miss) > 0 {
			top.errorf("elevation", "elevation: sensor %s sees %.1f km around it, over ground that needs tile%s %s, which %s lacks",
				sp.Name, r/1000, plural(len(miss)), strings.Join(miss, ", "), rel)
			return
		}
	}
	b.s.Elevation = el
}

// plural is "s" for a count other than one.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
