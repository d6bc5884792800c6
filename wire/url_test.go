package wire_test

import (
	"testing"

	"github.com/borderdrill/borderdrill/wire"
)

func TestSocketURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://host:8080", "ws://host:8080/ws"},
		{"https://drill.example/", "wss://drill.example/ws"},
		{"ws://host/ws?code=x#f", "ws://host/ws"},
		{"wss://host/custom", "wss://host/custom"},
	}
	for _, tt := range tests {
		if got, err := wire.SocketURL(tt.in); err != nil || got != tt.want {
			t.Errorf("SocketURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"ftp://host", "host:8080", "://"} {
		if got, err := wire.SocketURL(bad); err == nil {
			t.Errorf("SocketURL(%q) = %q, want an error", bad, got)
		}
	}
}
