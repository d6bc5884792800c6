// Package servertest runs a real borderdrill server for the tests of the
// packages that talk to one (netclient, render, cmd/borderdrill-client):
// a server.Server behind an httptest.Server on a loopback port, both
// closed when the test ends, and exercises of the built-in scenarios on
// it.
package servertest

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/netclient"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/server"
)

// Seed is the seed of the exercises Exercise starts.
const Seed = 3

// Server is a running test server.
type Server struct {
	*server.Server
	HTTP *httptest.Server
	URL  string // http://127.0.0.1:port
}

// Start starts a server with cfg for the test, closed when it ends; wrap,
// when not nil, wraps its listener (to watch or drop the connections it
// accepts).
func Start(t testing.TB, cfg server.Config, wrap func(net.Listener) net.Listener) *Server {
	t.Helper()
	s := Open(cfg, wrap)
	t.Cleanup(s.Close)
	return s
}

// Open starts a server with cfg that outlives a test (several tests share
// it); the caller closes it. wrap is as for Start.
func Open(cfg server.Config, wrap func(net.Listener) net.Listener) *Server {
	srv := server.New(cfg)
	h := httptest.NewUnstartedServer(srv.Handler())
	if wrap != nil {
		h.Listener = wrap(h.Listener)
	}
	h.Start()
	return &Server{Server: srv, HTTP: h, URL: h.URL}
}

// Close stops the server's exercises and its HTTP server.
func (s *Server) Close() {
	s.Server.Close()
	s.HTTP.Close()
}

// Exercise starts an exercise of the built-in scenario name with Seed at
// speed ticks per second, and returns its id and join codes.
func (s *Server) Exercise(t testing.TB, name string, speed int) server.ExerciseInfo {
	t.Helper()
	sc, err := scenarios.Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.NewExercise(sc, server.ExerciseOptions{Seed: Seed, Speed: speed})
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// Join joins an exercise of s with a join code (or the instructor token
// and the exercise id) as name, for the rest of the test.
func (s *Server) Join(t testing.TB, code, exercise, name string) *netclient.Client {
	t.Helper()
	c, err := netclient.Dial(t.Context(), netclient.Options{URL: s.URL, Code: code, Exercise: exercise, Name: name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// API sends the instructor's request method url (a server's /api/...
// address) with token as the bearer and body, JSON, when it is not "";
// it fails the test unless the answer has status want, decodes a JSON
// answer into out when out is not nil, and returns the answer's body.
func API(t testing.TB, method, url, token, body string, want int, out any) []byte {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != want {
		t.Fatalf("%s %s: %s %v: %.300s", method, url, resp.Status, err, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v", method, url, err)
		}
	}
	return b
}
