package server

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// compressed are the browser client's files served gzipped to browsers
// that accept it: client.wasm is 22 MB and about a quarter of that
// gzipped, which is most of a remote trainee's wait.
var compressed = map[string]string{
	"client.wasm":  "application/wasm",
	"wasm_exec.js": "text/javascript; charset=utf-8",
}

// gzipCache holds the gzipped bytes of the compressed files, made once per
// version of each file (its size and modification time).
type gzipCache struct {
	mu    sync.Mutex
	files map[string]*gzipped
}

type gzipped struct {
	once    sync.Once
	size    int64
	modTime time.Time
	data    []byte
	err     error
}

// get returns the gzipped content of the file at p, compressing it on the
// first call for this version of it, unless p.gz beside it (make wasm
// writes client.wasm.gz) is at least as new: then that is read as it is,
// so that a trainee who comes just after the server started does not wait
// for 27 MB to be compressed, and the browser compiles the wasm while it
// arrives.
func (c *gzipCache) get(p string, st os.FileInfo) ([]byte, error) {
	c.mu.Lock()
	if c.files == nil {
		c.files = map[string]*gzipped{}
	}
	g := c.files[p]
	if g == nil || g.size != st.Size() || !g.modTime.Equal(st.ModTime()) {
		g = &gzipped{size: st.Size(), modTime: st.ModTime()}
		c.files[p] = g
	}
	c.mu.Unlock()
	g.once.Do(func() {
		if zst, err := os.Stat(p + ".gz"); err == nil && zst.Mode().IsRegular() && !zst.ModTime().Before(st.ModTime()) {
			if g.data, g.err = os.ReadFile(p + ".gz"); g.err == nil {
				return
			}
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			g.err = err
			return
		}
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
		zw.Write(raw)
		if g.err = zw.Close(); g.err == nil {
			g.data = b.Bytes()
		}
	})
	return g.data, g.err
}

// warm compresses the client files ahead of the first trainee.
func (c *gzipCache) warm(dir string) {
	for name := range compressed {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil {
			c.get(p, st)
		}
	}
}

// serveCompressed serves the compressed file name of dir gzipped when the
// request accepts gzip, and reports whether it did.
func (c *gzipCache) serveCompressed(w http.ResponseWriter, r *http.Request, dir string) bool {
	name := path.Clean("/" + r.URL.Path)[1:]
	ctype, ok := compressed[name]
	if !ok && strings.HasPrefix(name, "fonts/") && strings.HasSuffix(name, ".ttf") {
		ctype, ok = "font/ttf", true // the browser client's fonts, about half their size gzipped
	}
	if !ok && strings.HasPrefix(name, "i18n/") && strings.HasSuffix(name, ".json") {
		ctype, ok = "application/json", true // its message catalogs, a third of their size gzipped
	}
	if !ok || !acceptsGzip(r) {
		return false
	}
	p := filepath.Join(dir, name)
	st, err := os.Stat(p)
	if err != nil || !st.Mode().IsRegular() {
		return false
	}
	data, err := c.get(p, st)
	if err != nil {
		return false
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Encoding", "gzip")
	h.Add("Vary", "Accept-Encoding")
	http.ServeContent(w, r, "", st.ModTime(), bytes.NewReader(data))
	return true
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
