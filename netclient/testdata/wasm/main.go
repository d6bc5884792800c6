//go:build js && wasm

// Command wasm is TestBrowser's page: it joins an exercise with netclient
// from inside the browser, using the page's query string (code), sends one
// command and publishes what it receives in window.bdStatus as JSON.
package main

import (
	"context"
	"encoding/json"
	"net/url"
	"syscall/js"
	"time"

	"github.com/borderdrill/borderdrill/netclient"
	"github.com/borderdrill/borderdrill/netclient/internal/pagestatus"
	"github.com/borderdrill/borderdrill/sim"
)

func publish(s pagestatus.Status) {
	b, _ := json.Marshal(s)
	js.Global().Set("bdStatus", string(b))
}

func main() {
	loc := js.Global().Get("location")
	q, _ := url.ParseQuery(loc.Get("search").String()[1:])
	server := loc.Get("protocol").String() + "//" + loc.Get("host").String()
	c, err := netclient.Dial(context.Background(), netclient.Options{URL: server, Code: q.Get("code"), Name: "browser"})
	if err != nil {
		publish(pagestatus.Status{Err: err.Error()})
		return
	}
	s := pagestatus.Status{Team: c.Info().Team, Map: c.Info().Map.Name}
	var cmd uint32
	for {
		v, evs, changed := c.Poll()
		if changed {
			s.Frames++
			s.Tick, s.Units, s.Crossers = v.Tick, len(v.Units), len(v.Crossers)
			if cmd == 0 && len(v.Units) > 0 {
				u := v.Units[0]
				cmd = c.SendCommand(sim.Command{Kind: sim.CmdMove, Unit: u.ID, Target: [2]float64{u.Pos[0] + 100, u.Pos[1]}})
			}
		}
		for _, e := range evs {
			if e.CmdID == cmd && cmd != 0 {
				switch e.Kind {
				case sim.EvAccepted:
					s.Accepted = true
				case sim.EvRejected:
					s.Rejected = e.Text
				}
			}
		}
		publish(s)
		time.Sleep(50 * time.Millisecond)
	}
}
