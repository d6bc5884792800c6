package main

import (
	"errors"
	"fmt"
	"github.com/borderdrill/borderdrill/i18n"
	"net/url"
	"strings"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/netclient"
	"github.com/borderdrill/borderdrill/wire"
)

// errNoCode is joinOptions' error when neither the flags nor the URL give
// a join code.
var errNoCode = errors.New("no join code")

// joinOptions makes netclient's options from a server URL and the join
// flags. The URL is the server's base (http://host:port; a bare host:port
// is taken as http) or any page of it, such as a lobby link
// /client/?code=…&name=…: code, exercise and name missing from the flags
// are taken from its query, and its path is dropped (netclient adds /ws).
// The browser client calls it with the page's own URL.
func joinOptions(raw, code, exercise, name string) (netclient.Options, error) {
	u, err := url.Parse(raw)
	if (err != nil || u.Host == "") && !strings.Contains(raw, "://") {
		// host:port without a scheme
		u, err = url.Parse("http://" + raw)
	}
	if err != nil || u.Host == "" {
		return netclient.Options{}, fmt.Errorf("--join %q: not a server URL (want http://host:port)", raw)
	}
	switch u.Scheme {
	case "http", "https", "ws", "wss":
	default:
		return netclient.Options{}, fmt.Errorf("--join %q: want an http, https, ws or wss URL", raw)
	}
	q := u.Query()
	if code == "" {
		code = q.Get("code")
	}
	if exercise == "" {
		exercise = q.Get("exercise")
	}
	if name == "" {
		name = q.Get("name")
	}
	if code == "" {
		return netclient.Options{}, fmt.Errorf("--join %s: %w: give --code (a team's or the observers' code, or the instructor token with --exercise)", raw, errNoCode)
	}
	if u.Path != "/ws" {
		u.Path, u.RawPath = "", ""
	}
	u.User, u.RawQuery, u.Fragment = nil, "", ""
	return netclient.Options{URL: u.String(), Code: code, Exercise: exercise, Name: name}, nil
}

// joinTitle is the window (or page) title of a joined exercise: the
// scenario, the exercise id and the user's team, from the Welcome.
func joinTitle(w wire.Welcome, info client.Info) string {
	tr := i18n.Get(info.Lang)
	who := info.TeamName(w.Team)
	if w.Team >= 0 && w.Team < len(info.Teams) {
		who += " (" + info.Teams[w.Team].ID + ")"
	}
	if w.Review {
		return tr.F("title.debrief", w.Scenario, w.Exercise, w.Recording, who)
	}
	return tr.F("title.exercise", w.Scenario, w.Exercise, who)
}

// clientStopped returns a check for the game's Update: nil while the
// client runs, and why it stopped once it has (the server refused it on a
// reconnection, for example because the exercise was stopped).
func clientStopped(c *netclient.Client) func() error {
	return func() error {
		select {
		case <-c.Done():
		default:
			return nil
		}
		if err := c.Stats().Err; err != nil {
			return fmt.Errorf("left the exercise: %w", err)
		}
		return errors.New("left the exercise")
	}
}

// userMessage says err to a user of the browser client: without the
// package prefixes ("netclient: ") that name where in the program it came
// from, a refusal as the server's words.
func userMessage(tr *i18n.Lang, err error) string {
	if err == nil {
		return ""
	}
	s := err.Error()
	if errors.Is(err, netclient.ErrRefused) {
		if i := strings.LastIndex(s, netclient.ErrRefused.Error()+": "); i >= 0 {
			return tr.F("join.refused_why", s[i+len(netclient.ErrRefused.Error())+2:])
		}
		return tr.T("join.refused")
	}
	for _, p := range []string{"netclient: ", "render: ", "recording: ", "exercise: ", "borderdrill-client: "} { // i18n: not user text (error prefixes)
		s = strings.ReplaceAll(s, p, "")
	}
	if s != "" {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}
