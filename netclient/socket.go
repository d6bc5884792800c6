//go:build !js

package netclient

import (
	"context"

	"github.com/coder/websocket"
)

// socket is one websocket connection to the server, carrying binary
// messages. Natively it is github.com/coder/websocket's; the browser build
// (socket_js.go) uses the browser's WebSocket directly, which keeps
// net/http and crypto/tls out of the wasm.
type socket struct{ c *websocket.Conn }

// dialSocket opens a connection to url (ws:// or wss://).
func dialSocket(ctx context.Context, url string) (*socket, error) {
	c, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		return nil, err
	}
	c.SetReadLimit(ReadLimit)
	return &socket{c}, nil
}

// read returns the next message.
func (s *socket) read(ctx context.Context) ([]byte, error) {
	_, b, err := s.c.Read(ctx)
	return b, err
}

// write sends one binary message.
func (s *socket) write(ctx context.Context, b []byte) error {
	return s.c.Write(ctx, websocket.MessageBinary, b)
}

// closeNow closes the connection without a close handshake.
func (s *socket) closeNow() { s.c.CloseNow() }
