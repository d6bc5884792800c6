package netclient

import (
	"errors"

	"github.com/borderdrill/borderdrill/wire"
)

// MaxObservations is how many evaluators' observations a Client keeps.
const MaxObservations = 1024

// Observe sends an evaluator's observation (only an evaluator's is
// taken; the server answers anyone else's with a rejection) and returns
// its id: its answer comes as the accepted or rejected event of that
// command id, as a command's does.
func (c *Client) Observe(o wire.Observation) (uint32, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn == nil {
		return 0, errors.New("netclient: " + ReasonNotConnected)
	}
	c.lastID++
	o.ID = c.lastID
	if !c.enqueue(wire.Encode(&o)) {
		return 0, errors.New("netclient: " + ReasonQueueFull)
	}
	c.inflight[o.ID] = true
	return o.ID, nil
}

// Observations returns the evaluators' observations received so far (the
// white cell's and the evaluators' clients receive them), oldest first.
func (c *Client) Observations() []wire.Observation {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]wire.Observation(nil), c.observations...)
}

// observed keeps an observation the server passed on.
func (c *Client) observed(o *wire.Observation, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stats.Bytes += int64(n)
	if len(c.observations) >= MaxObservations {
		c.observations = c.observations[1:]
	}
	c.observations = append(c.observations, *o)
}
