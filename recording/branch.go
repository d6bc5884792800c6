package recording

import (
	"fmt"
	"time"

	"github.com/borderdrill/borderdrill/sim"
)

// Branch creates at path the recording of a new exercise branched from src
// at tick ("branch here"): src's header, with BranchOf set to origin and a
// new creation time, then src's records up to tick (the batches recorded
// before it and the checkpoints before it, in their order), then a
// checkpoint of w. w must be the World src replays to at tick
// (Replay(src, Options{To: tick})), so that the new recording replays to w
// on its own. The returned Writer appends what the branch does next.
func Branch(path string, src *Recording, origin Origin, w *sim.World) (*Writer, error) {
	tick := w.Tick()
	if tick != origin.Tick {
		return nil, fmt.Errorf("recording: branch at tick %d of a World at tick %d", origin.Tick, tick)
	}
	h := src.Header
	h.BranchOf = &origin
	h.Build = Build()
	h.Created = time.Now().UTC().Truncate(time.Second)
	wr, err := Create(path, h)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*Writer, error) {
		wr.Close()
		return nil, err
	}
	bi, ci := 0, 0
	for {
		hasB := bi < len(src.Batches) && src.Batches[bi].Tick < tick
		hasC := ci < len(src.Checkpoints) && src.Checkpoints[ci].Tick < tick
		if hasC && (!hasB || src.Checkpoints[ci].Seq < src.Batches[bi].Seq) {
			c := src.Checkpoints[ci]
			if err := wr.checkpoint(c.Tick, c.Hash, false); err != nil {
				return fail(err)
			}
			ci++
			continue
		}
		if !hasB {
			break
		}
		b := src.Batches[bi]
		if err := wr.Append(b.Tick, b.Cmds); err != nil {
			return fail(err)
		}
		bi++
	}
	if err := wr.Checkpoint(tick, w.Hash()); err != nil {
		return fail(err)
	}
	return wr, nil
}
