package netclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/borderdrill/borderdrill/recording"
)

// MaxRecording is the largest recording Archive.Fetch reads, in bytes.
const MaxRecording = 512 << 20

// Archive is the white cell's access to a server's recordings (the server
// keeps them with --data): list them, fetch one to replay it, and branch
// a new exercise from a tick of one. Every call carries the instructor
// token; the server refuses anyone else.
type Archive struct {
	URL   string // the server's base URL, http(s)://host:port
	Token string // the instructor token
}

// RecordingInfo describes one of the server's recordings (GET
// /api/recordings).
type RecordingInfo = recording.Listing

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
	err := a.call(ctx, "GET", "/api/recordings", nil, 200, func(r io.Reader) error {
		return json.NewDecoder(r).Decode(&out)
	})
	return out, err
}

// Fetch downloads the recording id.
func (a *Archive) Fetch(ctx context.Context, id string) (*recording.Recording, error) {
	var rec *recording.Recording
	err := a.call(ctx, "GET", "/api/recordings/"+url.PathEscape(id), nil, 200, func(r io.Reader) error {
		data, err := io.ReadAll(r)
		if err != nil {
			return err
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
	err := a.call(ctx, "POST", "/api/recordings/"+url.PathEscape(id)+"/branch", body, 201, func(r io.Reader) error {
		return json.NewDecoder(r).Decode(&out)
	})
	return out, err
}

// Join joins the exercise id as the white cell.
func (a *Archive) Join(ctx context.Context, id string) (*Client, error) {
	return Dial(ctx, Options{URL: a.URL, Code: a.Token, Exercise: id, Name: "white cell"})
}

// call makes one API request and reads a want answer with read; any other
// answer is an error with the server's reason. The request itself is
// platform code: net/http natively, the browser's fetch in js/wasm (net/http
// would add 8 MB to the browser client).
func (a *Archive) call(ctx context.Context, method, path string, body []byte, want int, read func(io.Reader) error) error {
	base, ok := httpBase(a.URL)
	if !ok {
		return fmt.Errorf("netclient: %q: not a server URL", a.URL)
	}
	status, data, err := request(ctx, method, base+path, a.Token, body, MaxRecording)
	if err != nil {
		return fmt.Errorf("netclient: %s %s: %w", method, path, err)
	}
	if status != want {
		var e struct {
			Error  string   `json:"error"`
			Errors []string `json:"errors"`
		}
		if json.Unmarshal(data, &e) != nil || e.Error == "" {
			e.Error = strings.TrimSpace(string(data[:min(len(data), 1024)]))
		}
		return fmt.Errorf("netclient: %s %s: %d %s: %s", method, path, status, statusText(status), strings.Join(append([]string{e.Error}, e.Errors...), "; "))
	}
	if err := read(bytes.NewReader(data)); err != nil {
		return fmt.Errorf("netclient: %s %s: %w", method, path, err)
	}
	return nil
}

// statusText names the HTTP statuses the API answers with.
func statusText(code int) string {
	switch code {
	case 400:
		return "Bad Request"
	case 401:
		return "Unauthorized"
	case 404:
		return "Not Found"
	case 422:
		return "Unprocessable Entity"
	case 500:
		return "Internal Server Error"
	case 503:
		return "Service Unavailable"
	}
	return ""
}
