package main

import (
	"context"
	"fmt"
	"github.com/borderdrill/borderdrill/i18n"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/exercise"
	"github.com/borderdrill/borderdrill/netclient"
)

// branchWait bounds the request that makes a "branch here" on a server
// (and fetching a recording); joining the branch is bounded by
// netclient.Dial itself.
const branchWait = 30 * time.Second

// serverRecording names one of a server's recordings: --replay
// http://host:port/api/recordings/ID, or a lobby link
// /client/?replay=ID&code=TOKEN (the browser client's own URL).
type serverRecording struct {
	archive netclient.Archive
	id      string
}

// parseServerRecording reads a recording URL; ok is false when raw is not
// an http(s) URL (a local file then). The instructor token comes from
// token, else the URL's code parameter.
func parseServerRecording(raw, token string) (sr serverRecording, ok bool, err error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return sr, false, nil
	}
	q := u.Query()
	id := q.Get("replay")
	if rest, found := strings.CutPrefix(u.Path, "/api/recordings/"); found && id == "" {
		id = strings.TrimSuffix(rest, "/")
	}
	if id == "" || strings.Contains(id, "/") {
		return sr, true, fmt.Errorf("--replay %s: name a recording: http://host:port/api/recordings/ID", raw)
	}
	if token == "" {
		token = q.Get("code")
	}
	if token == "" {
		return sr, true, fmt.Errorf("--replay %s: a server's recordings are the instructor's: give --code with the instructor token", raw)
	}
	base := url.URL{Scheme: u.Scheme, Host: u.Host}
	return serverRecording{archive: netclient.Archive{URL: base.String(), Token: token}, id: id}, true, nil
}

// serverReplay plays one of a server's recordings back. Its "branch here"
// asks the server for a new exercise from the current tick, with fresh
// join codes, and joins it as the white cell.
type serverReplay struct {
	*exercise.Replay
	src serverRecording
	// branched, if set, is told of each new exercise (the native client
	// prints its join codes).
	branched func(netclient.Branched)
}

// openServerReplay downloads the recording and opens it for playback for
// team (or sim.Instructor).
func openServerReplay(ctx context.Context, src serverRecording, team string) (*serverReplay, error) {
	rec, err := src.archive.Fetch(ctx, src.id)
	if err != nil {
		return nil, err
	}
	r, err := replayAs(rec, team)
	if err != nil {
		return nil, err
	}
	return &serverReplay{Replay: r, src: src}, nil
}

// Branch implements client.Brancher: a new exercise on the server, paused
// at the replay's tick so that the teams join before the clock runs.
func (r *serverReplay) Branch(ctx context.Context) (client.Exercise, error) {
	bctx, cancel := context.WithTimeout(ctx, branchWait)
	defer cancel()
	speed, _ := r.Speed()
	br, err := r.src.archive.Branch(bctx, r.src.id, r.Tick(), netclient.BranchOptions{Speed: speed, Paused: true})
	if err != nil {
		return nil, err
	}
	cl, err := r.src.archive.Join(ctx, br.ID)
	if err != nil {
		return nil, fmt.Errorf("joining the branch %s: %w", br.ID, err)
	}
	if r.branched != nil {
		r.branched(br)
	}
	return branchedExercise{cl, br}, nil
}

// A serverReplay has a timeline and branches on the server.
var (
	_ client.Timeline = (*serverReplay)(nil)
	_ client.Brancher = (*serverReplay)(nil)
)

// branchedExercise is the white cell's connection to a branched exercise.
type branchedExercise struct {
	*netclient.Client
	br netclient.Branched
}

// BranchNote is what the game says once it has switched over.
func (b branchedExercise) BranchNote() string {
	return i18n.Get(i18n.Default).F("branch.note", b.br.ID) // the game adds it after its own, translated words
}

// codesText lists a branched exercise's join codes, a line per role.
func codesText(br netclient.Branched) string {
	roles := make([]string, 0, len(br.Codes))
	for r := range br.Codes {
		roles = append(roles, r)
	}
	sort.Strings(roles)
	var b strings.Builder
	for _, r := range roles {
		fmt.Fprintf(&b, "  %-10s %s\n", r, br.Codes[r])
	}
	return b.String()
}
