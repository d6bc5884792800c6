package recording

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// peekTail is how much of a recording's end Peek reads to find its last
// record.
const peekTail = 64 << 10

// Summary is what a recording's first and last records tell: its header,
// its last tick (as Recording.LastTick) and its size.
type Summary struct {
	Header   Header
	LastTick int32
	Size     int64
}

// Peek reads the header and the last complete record of the recording at
// path without reading the records between, so that listing many long
// recordings stays cheap. Records are in tick order, so the last one holds
// the last tick. A last line cut short is passed over, as Open does.
func Peek(path string) (Summary, error) {
	f, err := os.Open(path)
	if err != nil {
		return Summary{}, fmt.Errorf("recording: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Summary{}, fmt.Errorf("recording: %w", err)
	}
	first, err := bufio.NewReaderSize(f, 64<<10).ReadBytes('\n')
	if err != nil && err != io.EOF {
		return Summary{}, fmt.Errorf("recording: %w", err)
	}
	var r Recording
	if err := r.parseLine(1, bytes.TrimSuffix(first, []byte("\n"))); err != nil {
		return Summary{}, fmt.Errorf("recording: %s: %w", path, err)
	}
	s := Summary{Header: r.Header, Size: st.Size()}
	start := max(st.Size()-peekTail, int64(len(first)))
	tail := make([]byte, st.Size()-start)
	if _, err := f.ReadAt(tail, start); err != nil && err != io.EOF {
		return Summary{}, fmt.Errorf("recording: %w", err)
	}
	// The records of the tail, last first; the first of them may be cut
	// by the window unless the window starts right after the header.
	lines := bytes.Split(bytes.TrimRight(tail, "\n"), []byte("\n"))
	for i := len(lines) - 1; i >= 0; i-- {
		if i == 0 && start > int64(len(first)) {
			break // cut by the window
		}
		var rec struct {
			Type string `json:"type"`
			Tick int32  `json:"tick"`
		}
		if json.Unmarshal(lines[i], &rec) == nil && (rec.Type == typeStep || rec.Type == typeHash) {
			s.LastTick = rec.Tick
			return s, nil
		}
	}
	if start > int64(len(first)) {
		// Longer records than the window: read it all.
		full, err := Open(path)
		if err != nil {
			return Summary{}, err
		}
		s.LastTick = full.LastTick()
	}
	return s, nil
}
