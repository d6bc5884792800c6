//go:build !js

package netclient_test

import (
	"os"
	"testing"

	"github.com/borderdrill/borderdrill/internal/browsertest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	browsertest.Close() // TestBrowser's Chromium
	os.Exit(code)
}
