//go:build js

package netclient

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"syscall/js"
)

// socket is one websocket connection to the server, carrying binary
// messages, over the browser's WebSocket (see socket.go): messages are
// queued as they arrive and taken by read.
type socket struct {
	ws    js.Value
	funcs []js.Func

	mu     sync.Mutex
	queue  [][]byte
	err    error         // why it closed; set once
	ready  chan struct{} // receives when a message is queued
	closed chan struct{} // closed when err is set
}

// dialSocket opens a connection to url (ws:// or wss://).
func dialSocket(ctx context.Context, url string) (*socket, error) {
	ws := js.Global().Get("WebSocket").New(url)
	ws.Set("binaryType", "arraybuffer")
	s := &socket{ws: ws, ready: make(chan struct{}, 1), closed: make(chan struct{})}
	opened := make(chan struct{})
	s.on("open", func(js.Value) { close(opened) })
	s.on("message", s.received)
	s.on("close", func(e js.Value) {
		s.fail(fmt.Errorf("websocket closed: status %d, reason %q", e.Get("code").Int(), e.Get("reason").String()))
		for _, f := range s.funcs {
			f.Release() // no event comes after close
		}
	})
	select {
	case <-opened:
		return s, nil
	case <-s.closed:
		return nil, fmt.Errorf("websocket: connecting to %s: %w", url, s.err)
	case <-ctx.Done():
		s.closeNow()
		return nil, ctx.Err()
	}
}

// on handles the WebSocket's event name.
func (s *socket) on(name string, handle func(js.Value)) {
	f := js.FuncOf(func(_ js.Value, args []js.Value) any {
		handle(args[0])
		return nil
	})
	s.funcs = append(s.funcs, f)
	s.ws.Call("addEventListener", name, f)
}

// received queues one message (a text message or one over ReadLimit
// closes the connection).
func (s *socket) received(e js.Value) {
	data := e.Get("data")
	if !data.InstanceOf(js.Global().Get("ArrayBuffer")) {
		s.fail(errors.New("websocket: a text message from the server"))
		s.closeNow()
		return
	}
	u8 := js.Global().Get("Uint8Array").New(data)
	n := u8.Get("length").Int()
	if n > ReadLimit {
		s.fail(fmt.Errorf("websocket: a message of %d bytes, over the limit of %d", n, ReadLimit))
		s.closeNow()
		return
	}
	b := make([]byte, n)
	js.CopyBytesToGo(b, u8)
	s.mu.Lock()
	s.queue = append(s.queue, b)
	s.mu.Unlock()
	select {
	case s.ready <- struct{}{}:
	default:
	}
}

// fail records why the connection ended, once.
func (s *socket) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		s.err = err
		close(s.closed)
	}
}

// read returns the next message; the messages queued before the
// connection closed come first.
func (s *socket) read(ctx context.Context) ([]byte, error) {
	for {
		s.mu.Lock()
		if len(s.queue) > 0 {
			b := s.queue[0]
			s.queue[0] = nil
			s.queue = s.queue[1:]
			s.mu.Unlock()
			return b, nil
		}
		err := s.err
		s.mu.Unlock()
		if err != nil {
			return nil, err
		}
		select {
		case <-s.ready:
		case <-s.closed:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// write sends one binary message (the browser queues it).
func (s *socket) write(ctx context.Context, b []byte) error {
	s.mu.Lock()
	err := s.err
	s.mu.Unlock()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	u8 := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(u8, b)
	s.ws.Call("send", u8)
	return nil
}

// closeNow closes the connection.
func (s *socket) closeNow() {
	s.fail(errors.New("websocket: closed by the client"))
	s.ws.Call("close")
}
