//go:build unix

package maps_test

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/maps"
)

// TestLoadEveryPair loads all 337 pairs and reports load times: wall clock
// and the process's CPU time (user + system, all threads) per load, min,
// median and max, the pairs over 100 ms and the slowest. It takes about a
// minute, so it runs only with BORDERDRILL_ALL_PAIRS=1:
//
//	BORDERDRILL_ALL_PAIRS=1 go test -run TestLoadEveryPair -v ./maps/
func TestLoadEveryPair(t *testing.T) {
	if os.Getenv("BORDERDRILL_ALL_PAIRS") == "" {
		t.Skip("set BORDERDRILL_ALL_PAIRS=1 to load every pair")
	}
	type timing struct {
		name      string
		wall, cpu time.Duration
	}
	var ts []timing
	for _, p := range maps.Pairs() {
		runtime.GC()
		c0, t0 := cpuTime(), time.Now()
		m, err := maps.Load(p.Name)
		d, c := time.Since(t0), cpuTime()-c0
		if err != nil {
			t.Errorf("%s: %v", p.Name, err)
			continue
		}
		if got := totalBorder(m) / 1000; math.Abs(got-p.BorderKM) > 0.02*p.BorderKM+0.1 {
			t.Errorf("%s: border %.1f km, pairs.json %.1f km", p.Name, got, p.BorderKM)
		}
		ts = append(ts, timing{p.Name, d, c})
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/1e6) }
	for _, k := range []struct {
		what string
		of   func(timing) time.Duration
	}{{"wall", func(x timing) time.Duration { return x.wall }}, {"cpu", func(x timing) time.Duration { return x.cpu }}} {
		slices.SortStableFunc(ts, func(a, b timing) int { return int(k.of(a) - k.of(b)) })
		over := 0
		for _, x := range ts {
			if k.of(x) > 100*time.Millisecond {
				over++
			}
		}
		var slow []string
		for _, x := range ts[max(len(ts)-6, 0):] {
			slow = append(slow, x.name+" "+ms(k.of(x)))
		}
		t.Logf("maps.Load %s time over %d pairs: min %s, median %s, max %s; %d over 100 ms; slowest: %s", k.what, len(ts),
			ms(k.of(ts[0])), ms(k.of(ts[len(ts)/2])), ms(k.of(ts[len(ts)-1])), over, strings.Join(slow, ", "))
	}
}

// cpuTime returns the process's user and system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
