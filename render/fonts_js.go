//go:build js

package render

import (
	"fmt"
	"sync"
)

// The browser client's fonts, given by ProvideFonts before a game is made.
var (
	providedMu sync.Mutex
	provided   = map[string][]byte{}
)

// ProvideFonts gives the browser client the font files it fetched from the
// server (name → bytes, names as in FontFiles). It must be called before
// New: a font not provided fails the game that needs it (Noto Sans) or
// leaves Arabic drawn with the fallback font (Noto Sans Arabic).
func ProvideFonts(files map[string][]byte) {
	providedMu.Lock()
	defer providedMu.Unlock()
	for name, b := range files {
		provided[name] = b
	}
}

// fontData returns the bytes of the font file name, as provided.
func fontData(name string) ([]byte, error) {
	providedMu.Lock()
	defer providedMu.Unlock()
	b, ok := provided[name]
	if !ok {
		return nil, fmt.Errorf("render: font %s was not fetched from the server", name)
	}
	return b, nil
}
