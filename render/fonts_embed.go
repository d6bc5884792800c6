//go:build !js

package render

import (
	"embed"
	"fmt"

	"golang.org/x/image/font/gofont/goregular"
)

// embeddedFonts are the native client's fonts, carried in the binary.
//
//go:embed fonts/*.ttf
var embeddedFonts embed.FS

// fontData returns the bytes of the font file name.
func fontData(name string) ([]byte, error) {
	if name == fontFallback {
		return goregular.TTF, nil
	}
	b, err := embeddedFonts.ReadFile("fonts/" + name)
	if err != nil {
		return nil, fmt.Errorf("render: font %s: %w", name, err)
	}
	return b, nil
}
