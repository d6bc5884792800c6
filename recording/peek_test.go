package recording_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/recording"
)

// TestPeek checks Peek against Open on the committed recording, on copies
// cut short at several places (a record cut in the middle, and just the
// header), and on a file whose records are longer than the window Peek
// reads.
func TestPeek(t *testing.T) {
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	header := strings.IndexByte(string(data), '\n') + 1
	mid := header + (len(data)-header)/2
	long := string(data[:header]) + `{"type":"step","tick":5,"cmds":[{"team":0,"kind":"hold","unit":1}],"pad":"` + strings.Repeat("x", 100<<10) + "\"}\n"
	var many strings.Builder
	many.Write(data[:header])
	for i := 1; i <= 3000; i++ {
		fmt.Fprintf(&many, `{"type":"step","tick":%d,"cmds":[{"team":0,"kind":"hold","unit":1}]}`+"\n", i)
	}
	cases := map[string][]byte{
		"many":        []byte(many.String()),
		"whole":       data,
		"cut":         data[:header+(len(data)-header)*2/3],
		"cut-at-line": data[:mid+strings.IndexByte(string(data[mid:]), '\n')+1],
		"header":      data[:header],
		"long":        []byte(long),
	}
	for name, b := range cases {
		p := filepath.Join(dir, name+".jsonl")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		want, err := recording.Open(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := recording.Peek(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.LastTick != want.LastTick() || got.Size != int64(len(b)) || got.Header.Seed != want.Header.Seed || got.Header.Scenario != want.Header.Scenario {
			t.Errorf("%s: Peek %d ticks, %d bytes, seed %d; Open %d ticks, %d bytes, seed %d", name,
				got.LastTick, got.Size, got.Header.Seed, want.LastTick(), len(b), want.Header.Seed)
		}
	}
	if _, err := recording.Peek(filepath.Join(dir, "missing.jsonl")); err == nil {
		t.Error("Peek of a missing file")
	}
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte("hello\n"), 0o644)
	if _, err := recording.Peek(bad); err == nil {
		t.Error("Peek of a file that is not a recording")
	}
}
