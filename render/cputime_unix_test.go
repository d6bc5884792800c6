//go:build unix

package render_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used so far, in every thread
// (Mesa's llvmpipe rasterises on threads of its own): on a shared machine
// it moves much less with the load than the wall time does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
