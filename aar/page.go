package aar

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/borderdrill/borderdrill/recording"
)

// Page writes the after-action review of rec to w as one HTML page with
// its charts and maps inside (Write with Embed): what the exercise
// server's report link answers. It has the shape of server.Config.Report.
func Page(w io.Writer, rec *recording.Recording) error {
	r, err := Build(rec, Options{})
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "borderdrill-aar-")
	if err != nil {
		return fmt.Errorf("aar: %w", err)
	}
	defer os.RemoveAll(dir)
	if err := Write(dir, r, WriteOptions{Embed: true}); err != nil {
		return err
	}
	f, err := os.Open(filepath.Join(dir, IndexFile))
	if err != nil {
		return fmt.Errorf("aar: %w", err)
	}
	defer f.Close()
	if _, err := io.Copy(w, f); err != nil {
		return fmt.Errorf("aar: %w", err)
	}
	return nil
}
