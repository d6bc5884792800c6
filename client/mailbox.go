package client

import "github.com/borderdrill/borderdrill/sim"

// Mailbox hands views and events from the goroutine that makes them (an
// exercise's loop, a connection's reader) to the frame loop that polls them.
// It keeps three views so that neither side copies or waits for the other:
// the producer fills Back outside any lock, Publish makes it the latest, and
// Take gives the frame loop the newest one, which stays valid until its next
// Take. Publish, Add, SetEvents, Newest and Take must be called under the
// owner's lock; Back only from the producer.
type Mailbox struct {
	back, latest, held *sim.View
	fresh              bool // latest not yet taken
	events, taken      []sim.Event
	max                int
	lost               int
}

// NewMailbox returns a Mailbox that keeps at most maxEvents undelivered
// events, dropping the oldest beyond that.
func NewMailbox(maxEvents int) *Mailbox {
	return &Mailbox{back: new(sim.View), latest: new(sim.View), held: new(sim.View), max: maxEvents}
}

// Back returns the view the producer fills next.
func (m *Mailbox) Back() *sim.View { return m.back }

// Publish makes the back view the latest and returns it.
func (m *Mailbox) Publish() *sim.View {
	m.back, m.latest = m.latest, m.back
	m.fresh = true
	return m.latest
}

// Newest returns the newest view published, taken or not.
func (m *Mailbox) Newest() *sim.View {
	if m.fresh {
		return m.latest
	}
	return m.held
}

// Add queues an event for the next Take, dropping the oldest one when
// the queue is full.
func (m *Mailbox) Add(e sim.Event) {
	if len(m.events) >= m.max {
		copy(m.events, m.events[1:])
		m.events = m.events[:len(m.events)-1]
		m.lost++
	}
	m.events = append(m.events, e)
}

// SetEvents replaces the undelivered events with evs (after a seek).
func (m *Mailbox) SetEvents(evs []sim.Event) {
	m.events = append(m.events[:0], evs...)
}

// Lost is how many events were dropped because the reader fell behind.
func (m *Mailbox) Lost() int { return m.lost }

// Take returns the newest view, the events since the last Take (oldest
// first) and whether a view was published since then. Both stay valid
// until the next Take.
func (m *Mailbox) Take() (*sim.View, []sim.Event, bool) {
	changed := m.fresh
	if m.fresh {
		m.held, m.latest = m.latest, m.held
		m.fresh = false
	}
	m.taken, m.events = m.events, m.taken[:0]
	return m.held, m.taken, changed
}
