package netclient

import (
	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/wire"
)

var _ client.Attendance = (*Client)(nil)

// setPresence keeps the server's latest Presence.
func (c *Client) setPresence(p *wire.Presence, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stats.Bytes += int64(n)
	c.present, c.presentOf, c.presentKnown = p.Connected(), len(p.Teams), true
}

// Present returns how many teams have a trainee connected, of how many,
// as the server last said (client.Attendance); ok is false before it has.
func (c *Client) Present() (teams, of int, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.present, c.presentOf, c.presentKnown
}
