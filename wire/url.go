package wire

import (
	"fmt"
	"net/url"
)

// Path is where a server accepts the websocket of a participant.
const Path = "/ws"

// SocketURL returns the websocket URL of the server at serverURL: http
// becomes ws and https wss (ws and wss stay), and a URL without a path gets
// Path. Query and fragment are dropped.
func SocketURL(serverURL string) (string, error) {
	u, err := url.Parse(serverURL)
	if err != nil {
		return "", fmt.Errorf("wire: server URL: %w", err)
	}
	switch u.Scheme {
	case "http":
		u.Scheme = "ws"
	case "https":
		u.Scheme = "wss"
	case "ws", "wss":
	default:
		return "", fmt.Errorf("wire: server URL %q: want http, https, ws or wss", serverURL)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = Path
	}
	u.RawQuery, u.Fragment = "", ""
	return u.String(), nil
}
