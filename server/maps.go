package server

import (
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"

	"github.com/borderdrill/borderdrill/maps"
)

// apiMap serves GET /api/maps/{name}: the map of a running exercise in the
// compact encoding of maps.Map.Pack (maps.Unpack reads it). The browser
// client fetches its exercise's map here (reading the pack under
// WebAssembly is several times cheaper than parsing its bundled GeoJSON),
// as does any client for a scenario's own map_file. Only maps of
// exercises on this server are served, so a request never makes the server
// build a map; the data itself is public (Natural Earth, public domain) or
// the instructor's own, which every participant of the exercise draws.
func (s *Server) apiMap(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	var m *maps.Map
	s.mu.Lock()
	for _, x := range s.exercises {
		if x.sc != nil && x.sc.Map != nil && x.sc.Map.Name == name {
			m = x.sc.Map
			break
		}
	}
	s.mu.Unlock()
	if m == nil {
		writeJSON(w, http.StatusNotFound, apiError{Error: "no exercise on this server uses the map " + strconv.Quote(name)})
		return
	}
	pack := m.Pack()
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Cache-Control", "no-cache")
	if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		w.Header().Set("Content-Length", strconv.Itoa(len(pack)))
		w.Write(pack)
		return
	}
	w.Header().Set("Content-Encoding", "gzip")
	w.Header().Set("Vary", "Accept-Encoding")
	zw := gzip.NewWriter(w)
	zw.Write(pack)
	zw.Close()
}
