package render

import (
	"image/color"
	"math"
)

// Decluttering: when thousands of icons crowd the screen (a whole
// border seen at once), icons of one kind and team that fall in the same
// square of the screen are drawn as one, at their mean place, with their
// number beside it — the way command-and-control displays aggregate
// symbols at small scales. A crowd of overlapping icons hides most of
// itself; a cluster says how many there are. Under software GL this also
// keeps the frame to a few thousand stamps instead of ten thousand.

// Declutter limits.
const (
	declutterAbove = 1500 // icons on screen above which icons are clustered
	clusterCell    = 32   // pixels: the side of a cluster's square
	maxCount       = 99   // the largest count written out; more reads "99+"
	countOffset    = 9.0  // pixels from an icon's centre to its count's, right and up
)

// icon is one entity's stamp waiting to be drawn (or clustered).
type icon struct {
	key    spriteKey
	class  spriteKey // what may share a cluster: the key without the details a cluster drops
	x, y   float64
	a      float64 // opacity
	single bool    // never clustered (selected)
}

// cluster is the icons of one class in one square.
type cluster struct {
	n      int
	sx, sy float64 // sums of the positions
	a      float64 // the most opaque member's opacity
	flags  uint8   // the members' flags, or-ed
	keys   [4]spriteKey
	counts [4]int // members per key (the first four keys met)
	first  int    // index of the first member, for the draw order
}

// declutter collects a frame's icons and stamps them, clustered when they
// are many.
type declutter struct {
	icons    []icon
	clusters []cluster
	at       map[clusterAt]int32 // cluster index by class and square

	// clustered reports whether the last frame's icons were clustered:
	// then a drone's endurance is shown only when it is selected.
	clustered bool
}

// clusterAt is a cluster's class and square.
type clusterAt struct {
	class  spriteKey
	cx, cy int64
}

// add queues an icon for this frame.
func (d *declutter) add(k, class spriteKey, x, y, a float64, single bool) {
	d.icons = append(d.icons, icon{key: k, class: class, x: x, y: y, a: a, single: single})
}

// stamp draws the queued icons with s, in the order they came, and
// empties the queue. Above declutterAbove icons it clusters them first,
// in squares fixed to the ground: (ox, oy) is where the camera puts the
// world's origin, so a pan moves the squares with the map and a cluster
// keeps its members.
func (d *declutter) stamp(s *sprites, ox, oy float64) {
	defer func() { d.icons = d.icons[:0] }()
	d.clustered = len(d.icons) > declutterAbove
	if !d.clustered {
		for _, ic := range d.icons {
			s.stamp(ic.key, ic.x, ic.y, ic.a)
		}
		return
	}
	if d.at == nil {
		d.at = map[clusterAt]int32{}
	}
	clear(d.at)
	d.clusters = d.clusters[:0]
	for i, ic := range d.icons {
		if ic.single {
			continue
		}
		at := clusterAt{class: ic.class, cx: int64(math.Floor((ic.x - ox) / clusterCell)), cy: int64(math.Floor((ic.y - oy) / clusterCell))}
		j, ok := d.at[at]
		if !ok {
			j = int32(len(d.clusters))
			d.at[at] = j
			d.clusters = append(d.clusters, cluster{first: i})
		}
		d.clusters[j].add(ic)
	}
	// Clusters are drawn where their first member would have been, so
	// tracks stay under groups and groups under units; the counts go over
	// every icon, where they can be read.
	next := 0
	for i, ic := range d.icons {
		if ic.single {
			s.stamp(ic.key, ic.x, ic.y, ic.a)
			continue
		}
		if next < len(d.clusters) && d.clusters[next].first == i {
			c := &d.clusters[next]
			s.stamp(c.key(), c.sx/float64(c.n), c.sy/float64(c.n), c.a)
			next++
		}
	}
	for _, c := range d.clusters {
		if c.n > 1 {
			k := spriteKey{kind: spriteCount, sub: uint8(min(c.n, maxCount+1)), team: -1}
			s.stamp(k, c.sx/float64(c.n)+countOffset, c.sy/float64(c.n)-countOffset, 1)
		}
	}
}

// add counts ic in the cluster.
func (c *cluster) add(ic icon) {
	c.n++
	c.sx += ic.x
	c.sy += ic.y
	c.a = max(c.a, ic.a)
	c.flags |= ic.key.flags
	for k := range c.keys {
		if c.counts[k] == 0 || c.keys[k] == ic.key {
			c.keys[k] = ic.key
			c.counts[k]++
			return
		}
	}
}

// key is the cluster's icon: its commonest member's, with the flags any
// member has (a unit escorting persons, a detected group).
func (c *cluster) key() spriteKey {
	best := 0
	for k := range c.keys {
		if c.counts[k] > c.counts[best] {
			best = k
		}
	}
	k := c.keys[best]
	k.flags = c.flags
	return k
}

// countShape draws a cluster's count n (more than maxCount: "99+") as a
// small dark label with white seven-segment digits, centred at (x, y).
func countShape(b *batch, n int, x, y float64) {
	digits := [3]int{}
	nd := 0
	for v := min(n, maxCount); v > 0 || nd == 0; v /= 10 {
		digits[nd] = v % 10
		nd++
	}
	const dw, dh, gap, pad = 4.0, 7.0, 1.5, 2.0 // a digit's width and height, pixels
	w := float64(nd)*dw + float64(nd-1)*gap
	if n > maxCount {
		w += gap + 5
	}
	x0, y0 := x-w/2, y-dh/2
	b.rect(x0-pad, y0-pad, x0+w+pad, y0+dh+pad, colOutline)
	for i := range nd {
		segments7(b, digits[nd-1-i], x0+float64(i)*(dw+gap), y0, dw, dh, colWhite)
	}
	if n > maxCount { // a plus
		px := x0 + w - 2.5
		b.rect(px-2.5, y0+dh/2-0.6, px+2.5, y0+dh/2+0.6, colWhite)
		b.rect(px-0.6, y0+dh/2-2.5, px+0.6, y0+dh/2+2.5, colWhite)
	}
}

// segments7 draws digit v as seven-segment strokes in the w×h box at (x, y).
func segments7(b *batch, v int, x, y, w, h float64, c color.RGBA) {
	// Segments a–g, lit per digit.
	lit := [10]uint8{0x3f, 0x06, 0x5b, 0x4f, 0x66, 0x6d, 0x7d, 0x07, 0x7f, 0x6f}[v]
	const t = 1.2 // stroke, pixels
	m := y + h/2
	segs := [7][4]float64{
		{x, y, x + w, y + t},         // a: top
		{x + w - t, y, x + w, m},     // b: top right
		{x + w - t, m, x + w, y + h}, // c: bottom right
		{x, y + h - t, x + w, y + h}, // d: bottom
		{x, m, x + t, y + h},         // e: bottom left
		{x, y, x + t, m},             // f: top left
		{x, m - t/2, x + w, m + t/2}, // g: middle
	}
	for i, s := range segs {
		if lit&(1<<i) != 0 {
			b.rect(s[0], s[1], s[2], s[3], c)
		}
	}
}
