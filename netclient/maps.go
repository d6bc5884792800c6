package netclient

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"

	"github.com/borderdrill/borderdrill/maps"
)

// MaxMapPack bounds the size of a map fetched from the server.
const MaxMapPack = 64 << 20 // bytes

// serverMapFirst makes loadMap ask the server for the exercise's map before
// reading this build's own data: in the browser build (natively the bundled
// data is read faster than a round trip).
const serverMapFirst = runtime.GOOS == "js"

// loadMap returns the exercise's map: from this build's own data when it
// has the map, else from the server (GET /api/maps/{name}, maps.Unpack).
// The browser build carries only the bundled border pairs, and a scenario's
// own map_file exists only on the server. The browser build asks the
// server first (serverMapFirst): reading the compact pack is several times
// cheaper under WebAssembly than parsing a bundled pair's GeoJSON, which
// was a third of its join.
func loadMap(ctx context.Context, serverURL, name string) (*maps.Map, error) {
	base, remote := httpBase(serverURL)
	if serverMapFirst && remote {
		if m, err := fetchMap(ctx, base, name); err == nil {
			return m, nil
		}
	}
	m, err := maps.Load(name)
	if err == nil || !remote {
		return m, err
	}
	m, ferr := fetchMap(ctx, base, name)
	if ferr != nil {
		return nil, errors.Join(err, ferr)
	}
	return m, nil
}

// fetchMap fetches the map name from the server at base.
func fetchMap(ctx context.Context, base, name string) (*maps.Map, error) {
	data, err := get(ctx, base+"/api/maps/"+url.PathEscape(name), MaxMapPack)
	if err != nil {
		return nil, fmt.Errorf("netclient: fetching map %q from the server: %w", name, err)
	}
	return maps.Unpack(data)
}

// File fetches one file the server serves over HTTP, such as the browser
// client's fonts under /client/fonts/ (url may be relative to the page in
// the browser build); an answer other than 200 OK or larger than limit
// bytes is an error.
func File(ctx context.Context, url string, limit int64) ([]byte, error) {
	data, err := get(ctx, url, limit)
	if err != nil {
		return nil, fmt.Errorf("netclient: fetching %s: %w", url, err)
	}
	return data, nil
}

// get makes one GET request without a token and returns the body of a
// 200 OK answer, or an error with the answer's status and the start of its
// body.
func get(ctx context.Context, url string, limit int64) ([]byte, error) {
	status, data, err := request(ctx, "GET", url, "", nil, limit)
	if err == nil && status != 200 {
		err = fmt.Errorf("status %d: %s", status, strings.TrimSpace(string(data[:min(len(data), 300)])))
	}
	return data, err
}

// httpBase returns the scheme and host of a server URL for HTTP requests
// (ws becomes http, wss https), without a trailing slash.
func httpBase(serverURL string) (string, bool) {
	base, err := url.Parse(serverURL)
	if err != nil || base.Host == "" {
		return "", false
	}
	switch base.Scheme {
	case "ws":
		base.Scheme = "http"
	case "wss":
		base.Scheme = "https"
	}
	base.Path, base.RawPath, base.RawQuery, base.Fragment = "", "", "", ""
	return strings.TrimSuffix(base.String(), "/"), true
}
