package server_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/server"
)

func TestAPIMap(t *testing.T) {
	ts := newServer(t, server.Config{})
	src, err := scenarios.Starter("nor-swe")
	if err != nil {
		t.Fatal(err)
	}
	ts.create(t, jsonBody(map[string]any{"yaml": string(src), "paused": true}))
	want, err := maps.Load("nor-swe")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("map of an exercise", func(t *testing.T) {
		status, b := ts.get(t, "/api/maps/nor-swe", "")
		if status != http.StatusOK {
			t.Fatalf("status %d: %s", status, b)
		}
		m, err := maps.Unpack(b)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(m.Pack(), want.Pack()) || m.Name != "nor-swe" {
			t.Errorf("the served map differs from maps.Load(nor-swe)")
		}
	})
	t.Run("gzipped", func(t *testing.T) {
		req, _ := http.NewRequest("GET", ts.url+"/api/maps/nor-swe", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("status %d, Content-Encoding %q", resp.StatusCode, resp.Header.Get("Content-Encoding"))
		}
	})
	for _, name := range []string{"fin-rus", "swe-nor", "nowhere"} {
		t.Run("not an exercise's map: "+name, func(t *testing.T) {
			status, b := ts.get(t, "/api/maps/"+name, "")
			if status != http.StatusNotFound || !strings.Contains(string(b), "no exercise on this server uses the map") {
				t.Errorf("status %d: %s", status, b)
			}
		})
	}
}
