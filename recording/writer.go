package recording

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/borderdrill/borderdrill/sim"
)

// Writer appends to a recording. It satisfies the server's Recorder
// (Append, Checkpoint) and io.Closer. Each record is one write of one
// line; the file is synced on every checkpoint, on Close and otherwise at
// most syncEvery after a write, so a crash loses nothing the operating
// system had accepted, and a power cut at most the last second.
//
// A Writer is safe for use by one goroutine at a time (plus its own
// background sync).
type Writer struct {
	mu       sync.Mutex // guards the fields below
	f        *os.File
	path     string
	off      int64 // end of the last complete record
	dirty    bool  // written since the last sync
	lastSync time.Time
	timer    *time.Timer
	err      error // a failure that makes the file unusable; sticky
	closed   bool
	last     int32 // tick of the last record
}

// Create creates (or truncates) the recording at path and writes its
// header. Zero Format, Version, Build, Created and CheckpointEvery are
// filled in.
func Create(path string, h Header) (*Writer, error) {
	if h.Format == "" {
		h.Format = Format
	}
	if h.Version == 0 {
		h.Version = Version
	}
	if h.Build == "" {
		h.Build = Build()
	}
	if h.Created.IsZero() {
		h.Created = time.Now().UTC().Truncate(time.Second)
	}
	if h.CheckpointEvery == 0 {
		h.CheckpointEvery = DefaultCheckpointEvery
	}
	line, err := marshalLine(headerLine{Type: typeHeader, Header: h})
	if err != nil {
		return nil, fmt.Errorf("recording: %s: header: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, fmt.Errorf("recording: %w", err)
	}
	w := &Writer{f: f, path: path, lastSync: time.Now()}
	if err := w.write(line, true); err != nil {
		f.Close()
		return nil, err
	}
	return w, nil
}

// Path returns the file the Writer appends to.
func (w *Writer) Path() string { return w.path }

// Append records the commands passed to the World.Step called when
// World.Tick() == tick. An empty batch is not written: replay steps the
// ticks between batches itself.
func (w *Writer) Append(tick int32, cmds []sim.Command) error {
	if len(cmds) == 0 {
		return nil
	}
	s := stepLine{Type: typeStep, Tick: tick, Cmds: make([]command, len(cmds))}
	for i := range cmds {
		s.Cmds[i] = encodeCommand(&cmds[i])
	}
	line, err := marshalLine(&s)
	if err != nil {
		return fmt.Errorf("recording: %s: tick %d: %w", w.path, tick, err)
	}
	return w.record(tick, line, false)
}

// Checkpoint records the World's state hash once it reached tick, and
// syncs the file.
func (w *Writer) Checkpoint(tick int32, hash uint64) error {
	return w.checkpoint(tick, hash, true)
}

func (w *Writer) checkpoint(tick int32, hash uint64, sync bool) error {
	line, err := marshalLine(hashLine{Type: typeHash, Tick: tick, Hash: hashString(hash)})
	if err != nil {
		return err
	}
	return w.record(tick, line, sync)
}

func (w *Writer) record(tick int32, line []byte, sync bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return fmt.Errorf("recording: %s: closed", w.path)
	}
	if tick < w.last {
		return fmt.Errorf("recording: %s: tick %d after tick %d", w.path, tick, w.last)
	}
	if err := w.writeLocked(line, sync); err != nil {
		return err
	}
	w.last = tick
	return nil
}

func (w *Writer) write(line []byte, sync bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.writeLocked(line, sync)
}

// writeLocked writes one record at the end of the last complete one. A
// failed write is cut off again, so that a later record does not follow
// half a line.
func (w *Writer) writeLocked(line []byte, sync bool) error {
	if w.err != nil {
		return w.err
	}
	if _, err := w.f.WriteAt(line, w.off); err != nil {
		if terr := w.f.Truncate(w.off); terr != nil {
			w.err = fmt.Errorf("recording: %s: %w", w.path, errors.Join(err, terr))
			return w.err
		}
		return fmt.Errorf("recording: %s: %w", w.path, err)
	}
	w.off += int64(len(line))
	w.dirty = true
	if sync || time.Since(w.lastSync) >= syncEvery {
		return w.syncLocked()
	}
	if w.timer == nil {
		w.timer = time.AfterFunc(syncEvery-time.Since(w.lastSync), w.background)
	}
	return nil
}

// background syncs what was written since the last sync.
func (w *Writer) background() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.timer = nil
	if !w.closed && w.dirty {
		_ = w.syncLocked() // a failure shows at the next sync
	}
}

func (w *Writer) syncLocked() error {
	if w.timer != nil {
		w.timer.Stop()
		w.timer = nil
	}
	w.lastSync = time.Now()
	if err := w.f.Sync(); err != nil {
		return fmt.Errorf("recording: %s: sync: %w", w.path, err)
	}
	w.dirty = false
	return nil
}

// Sync forces what was written to stable storage.
func (w *Writer) Sync() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	return w.syncLocked()
}

// Close syncs and closes the file. Closing twice is not an error.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	err := w.syncLocked()
	return errors.Join(err, w.f.Close())
}
