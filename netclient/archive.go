package netclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/borderdrill/borderdrill/recording"
)

// MaxRecording is the largest recording Archive.Fetch reads, in bytes.
const MaxRecording = 512 << 20

// Archive is the white cell's access to a server's recordings (the server
// keeps them with --data): list them, fetch one to replay it, and branch
// a new exercise from a tick of one. Every call carries the instructor
// token; the server refuses anyone else.
type Archive struct {
	URL   string       // the server's base URL, http(s)://host:port
	Token string       // the instructor token
	HTTP  *http.Client // nil: http.DefaultClient
}

// RecordingInfo describes one of the server's recordings (GET
// /api/recordings).
type RecordingInfo struct {
	ID       string            `json:"id"`
	Scenario string            `json:"scenario"`
	Map      string            `json:"map"`
	Teams    []string          `json:"teams"`
	Seed     uint64            `json:"seed"`
	Created  time.Time         `json:"created"`
	Ticks    int32             `json:"ticks"`
	Seconds  int               `json:"seconds"`
	TickSecs int               `json:"tick_seconds"`
	Bytes    int64             `json:"bytes"`
	Live     bool              `json:"live"`
	BranchOf *recording.Origin `json:"branch_of,omitempty"`
}

// Branched is a new exercise branched from a recording: its id, join
// codes (by team id, and "observer") and the tick it starts at.
type Branched struct {
	ID       string            `json:"id"`
	Codes    map[string]string `json:"codes"`
	Seed     uint64            `json:"seed"`
	Tick     int32             `json:"tick"`
	BranchOf *recording.Origin `json:"branch_of"`
}

// BranchOptions are the settings of a branched exercise.
type BranchOptions struct {
	Speed  int  // ticks per second; 0 keeps the recording's
	Paused bool // start paused, so that the teams join before the clock runs
}

// Recordings lists the server's recordings, newest first.
func (a *Archive) Recordings(ctx context.Context) ([]RecordingInfo, error) {
	var out []RecordingInfo
	err := a.call(ctx, "GET", "/api/recordings", nil, http.StatusOK, func(r io.Reader) error {
		return json.NewDecoder(r).Decode(&out)
	})
	return out, err
}

// Fetch downloads the recording id.
func (a *Archive) Fetch(ctx context.Context, id string) (*recording.Recording, error) {
	var rec *recording.Recording
	err := a.call(ctx, "GET", "/api/recordings/"+url.PathEscape(id), nil, http.StatusOK, func(r io.Reader) error {
		data, err := io.ReadAll(io.LimitReader(r, MaxRecording+1))
		if err != nil {
			return err
		}
		if len(data) > MaxRecording {
			return fmt.Errorf("recording %s is larger than %d MiB", id, MaxRecording>>20)
		}
		rec, err = recording.Parse(data)
		if err != nil {
			return fmt.Errorf("recording %s: %w", id, err)
		}
		rec.Path = id
		return nil
	})
	return rec, err
}

// Branch asks the server for a new exercise from tick of the recording id.
func (a *Archive) Branch(ctx context.Context, id string, tick int32, opt BranchOptions) (Branched, error) {
	body, _ := json.Marshal(map[string]any{"tick": tick, "speed": opt.Speed, "paused": opt.Paused})
	var out Branched
	err := a.call(ctx, "POST", "/api/recordings/"+url.PathEscape(id)+"/branch", body, http.StatusCreated, func(r io.Reader) error {
		return json.NewDecoder(r).Decode(&out)
	})
	return out, err
}

// Join joins the exercise id as the white cell.
func (a *Archive) Join(ctx context.Context, id string) (*Client, error) {
	return Dial(ctx, Options{URL: a.URL, Code: a.Token, Exercise: id, Name: "white cell"})
}

// call makes one API request and reads a want answer with read; any other
// answer is an error with the server's reason.
func (a *Archive) call(ctx context.Context, method, path string, body []byte, want int, read func(io.Reader) error) error {
	base, err := url.Parse(a.URL)
	if err != nil || base.Host == "" {
		return fmt.Errorf("netclient: %q: not a server URL", a.URL)
	}
	switch base.Scheme {
	case "ws":
		base.Scheme = "http"
	case "wss":
		base.Scheme = "https"
	}
	base.Path, base.RawPath, base.RawQuery, base.Fragment = "", "", "", ""
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(base.String(), "/")+path, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("netclient: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+a.Token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	hc := a.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("netclient: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		var e struct {
			Error  string   `json:"error"`
			Errors []string `json:"errors"`
		}
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		if json.Unmarshal(b, &e) != nil || e.Error == "" {
			e.Error = strings.TrimSpace(string(b))
		}
		return fmt.Errorf("netclient: %s %s: %s: %s", method, path, resp.Status, strings.Join(append([]string{e.Error}, e.Errors...), "; "))
	}
	if err := read(resp.Body); err != nil {
		return fmt.Errorf("netclient: %s %s: %w", method, path, err)
	}
	return nil
}
