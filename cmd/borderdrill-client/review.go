package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/exercise"
	"github.com/borderdrill/borderdrill/netclient"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// reviewSession is the white cell's connection to a review session on a
// server (a debrief): the render draws its timeline, and the seek keys
// move the playback for every team at once. N branches a new exercise
// from the current tick, as in a replay of the server's recording.
type reviewSession struct {
	*netclient.Client
	archive netclient.Archive

	mu       sync.Mutex
	marks    []sim.Event // nil until findMarks is done
	revealed bool
}

// A reviewSession has a timeline with marks, reveals and branches.
var (
	_ client.Timeline = (*reviewSession)(nil)
	_ client.Marker   = (*reviewSession)(nil)
	_ client.Revealer = (*reviewSession)(nil)
	_ client.Brancher = (*reviewSession)(nil)
)

// asReview returns the exercise to draw for a joined client: the client
// itself, or for the white cell of a review session a reviewSession.
func asReview(cl *netclient.Client, jo netclient.Options) client.Exercise {
	w := cl.Welcome()
	if !w.Review || w.Role != wire.RoleInstructor {
		return cl
	}
	r := &reviewSession{Client: cl, archive: netclient.Archive{URL: jo.URL, Token: jo.Code}}
	go r.findMarks(w.Recording)
	return r
}

// findMarks fetches the recording and finds its timeline marks (injects,
// incidents, fence cuts, objectives), for the debrief's , and . keys.
func (r *reviewSession) findMarks(id string) {
	ctx, cancel := context.WithTimeout(context.Background(), branchWait)
	defer cancel()
	rec, err := r.archive.Fetch(ctx, id)
	if err != nil {
		return // a timeline without marks
	}
	p, err := recording.NewPlayer(rec)
	if err != nil {
		return
	}
	marks, err := exercise.SurveyMarks(p)
	if err != nil {
		return
	}
	r.mu.Lock()
	r.marks = marks
	r.mu.Unlock()
}

// Marks implements client.Marker.
func (r *reviewSession) Marks() []sim.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.marks
}

// Seek implements client.Timeline.
func (r *reviewSession) Seek(tick int32) { r.SeekReview(tick) }

// Duration implements client.Timeline: the recording's last tick.
func (r *reviewSession) Duration() int32 { return r.Welcome().Duration }

// Reveal implements client.Revealer.
func (r *reviewSession) Reveal(on bool) {
	if r.RevealReview(on) == nil {
		r.mu.Lock()
		r.revealed = on
		r.mu.Unlock()
	}
}

// Revealed implements client.Revealer.
func (r *reviewSession) Revealed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.revealed
}

// Branch implements client.Brancher: a new exercise from the recording at
// the playback's tick, paused, joined as the white cell.
func (r *reviewSession) Branch(ctx context.Context) (client.Exercise, error) {
	bctx, cancel := context.WithTimeout(ctx, branchWait)
	defer cancel()
	br, err := r.archive.Branch(bctx, r.Welcome().Recording, r.Tick(), netclient.BranchOptions{Paused: true})
	if err != nil {
		return nil, err
	}
	cl, err := r.archive.Join(ctx, br.ID)
	if err != nil {
		return nil, fmt.Errorf("joining the branch %s: %w", br.ID, err)
	}
	return branchedExercise{cl, br}, nil
}
