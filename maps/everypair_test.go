//go:build unix

package maps_test

import (
	"fmt"
	"math"
	"os"
	"os/exec"
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

// TestColdLoad loads pairs each in a fresh process, several times, and
// reports the wall clock and CPU time of that first maps.Load (the world
// data decoded, every page of memory touched for the first time). It runs
// only with BORDERDRILL_COLD_LOAD set to the pairs, e.g.
//
//	BORDERDRILL_COLD_LOAD=can-usa,arg-chl,fin-rus go test -run TestColdLoad -v ./maps/
func TestColdLoad(t *testing.T) {
	if pair := os.Getenv(coldChildEnv); pair != "" {
		c0, t0 := cpuTime(), time.Now()
		if _, err := maps.Load(pair); err != nil {
			t.Fatal(err)
		}
		d, c := time.Since(t0), cpuTime()-c0
		fmt.Printf("cold %d %d\n", d, c)
		return
	}
	pairs := os.Getenv("BORDERDRILL_COLD_LOAD")
	if pairs == "" {
		t.Skip("set BORDERDRILL_COLD_LOAD=can-usa,… to load pairs in fresh processes")
	}
	const runs = 9
	for pair := range strings.SplitSeq(pairs, ",") {
		var wall, cpu []time.Duration
		for range runs {
			cmd := exec.Command(os.Args[0], "-test.run=^TestColdLoad$")
			cmd.Env = append(os.Environ(), coldChildEnv+"="+pair)
			out, err := cmd.Output()
			var d, c int64
			if err == nil {
				_, err = fmt.Sscanf(string(out[strings.Index(string(out), "cold "):]), "cold %d %d", &d, &c)
			}
			if err != nil {
				t.Fatalf("%s: %v\n%s", pair, err, out)
			}
			wall, cpu = append(wall, time.Duration(d)), append(cpu, time.Duration(c))
		}
		slices.Sort(wall)
		slices.Sort(cpu)
		ms := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/1e6) }
		t.Logf("%s, first maps.Load in a fresh process, %d runs: wall min %s, median %s, max %s ms; CPU min %s, median %s, max %s ms",
			pair, runs, ms(wall[0]), ms(wall[runs/2]), ms(wall[runs-1]), ms(cpu[0]), ms(cpu[runs/2]), ms(cpu[runs-1]))
	}
}

// coldChildEnv names the pair a child process of TestColdLoad loads.
const coldChildEnv = "BORDERDRILL_COLD_CHILD"
