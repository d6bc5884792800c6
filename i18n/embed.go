//go:build !js

package i18n

import "embed"

// files holds every shipped catalog.
//
//go:embed catalog/*.json
var files embed.FS
