//go:build js

package i18n

import "embed"

// files holds English only: the browser client fetches its reader's
// catalog from the server and gives it with Provide.
//
//go:embed catalog/en.json
var files embed.FS
