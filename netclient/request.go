//go:build !js

package netclient

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
)

// request makes one HTTP request with the instructor token and returns the
// answer's status and body (at most limit bytes).
func request(ctx context.Context, method, url, token string, body []byte, limit int64) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return 0, nil, err
	}
	if int64(len(data)) > limit {
		return 0, nil, fmt.Errorf("answer larger than %d MiB", limit>>20)
	}
	return resp.StatusCode, data, nil
}
