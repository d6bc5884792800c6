package server

import "github.com/borderdrill/borderdrill/wire"

// This file tells every participant how many trainees of each team are
// connected (wire.Presence), so that the clients of an exercise created
// paused show "waiting for teams (1/3)" until the white cell starts it.

// presenceNow is the Presence of the clients joined now; run only.
func (x *exercise) presenceNow() *wire.Presence {
	p := &wire.Presence{Teams: make([]wire.TeamPresence, len(x.sc.Teams))}
	for _, c := range x.clients {
		if c.role == wire.RoleTrainee && c.team >= 0 && c.team < len(p.Teams) {
			p.Teams[c.team].Trainees++
		}
	}
	return p
}

// presenceChanged sends the new Presence to every client after a trainee
// joined or left, except skip (who has it among its answers). A client
// whose queue is full gets it with its next frame (owePresence).
func (x *exercise) presenceChanged(skip *client) {
	x.presence = wire.Encode(x.presenceNow())
	for _, c := range x.clients {
		if c != skip {
			c.owesPresence = !c.enqueue(x.presence)
		}
	}
}

// owePresence queues the Presence a client missed because its queue was
// full; broadcast calls it after each frame it queued.
func (x *exercise) owePresence(c *client) {
	if c.owesPresence && c.enqueue(x.presence) {
		c.owesPresence = false
	}
}
