//go:build js

package netclient

import (
	"context"
	"errors"
	"fmt"
	"syscall/js"
)

// request makes one HTTP request with the instructor token through the
// browser's fetch and returns the answer's status and body (at most limit
// bytes).
func request(ctx context.Context, method, url, token string, body []byte, limit int64) (int, []byte, error) {
	obj := js.Global().Get("Object")
	headers := obj.New()
	headers.Set("Authorization", "Bearer "+token)
	opts := obj.New()
	opts.Set("method", method)
	if body != nil {
		headers.Set("Content-Type", "application/json")
		opts.Set("body", string(body))
	}
	opts.Set("headers", headers)
	abort := js.Global().Get("AbortController").New()
	opts.Set("signal", abort.Get("signal"))
	resp, err := await(ctx, abort, js.Global().Call("fetch", url, opts))
	if err != nil {
		return 0, nil, err
	}
	status := resp.Get("status").Int()
	buf, err := await(ctx, abort, resp.Call("arrayBuffer"))
	if err != nil {
		return 0, nil, err
	}
	u8 := js.Global().Get("Uint8Array").New(buf)
	n := u8.Get("length").Int()
	if int64(n) > limit {
		return 0, nil, fmt.Errorf("answer larger than %d MiB", limit>>20)
	}
	data := make([]byte, n)
	js.CopyBytesToGo(data, u8)
	return status, data, nil
}

// await waits for a promise. When ctx ends first it aborts the fetch and
// still waits for the promise to settle, so that its callbacks are not
// released before they run.
func await(ctx context.Context, abort, promise js.Value) (js.Value, error) {
	type settled struct {
		v   js.Value
		err error
	}
	done := make(chan settled, 1)
	then := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- settled{v: args[0]}
		return nil
	})
	defer then.Release()
	catch := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- settled{err: errors.New(args[0].Call("toString").String())}
		return nil
	})
	defer catch.Release()
	promise.Call("then", then, catch)
	select {
	case s := <-done:
		return s.v, s.err
	case <-ctx.Done():
		abort.Call("abort")
		<-done
		return js.Undefined(), ctx.Err()
	}
}
