// The triangulation in this file follows the algorithm of mapbox/earcut,
// distributed under the ISC licence, whose notice it carries:
//
// ISC License
//
// Copyright (c) 2016, Mapbox
//
// Permission to use, copy, modify, and/or distribute this software for any
// purpose with or without fee is hereby granted, provided that the above
// copyright notice and this permission notice appear in all copies.
//
// THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH
// REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY
// AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT,
// INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM
// LOSS OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR
// OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR
// PERFORMANCE OF THIS SOFTWARE.

package render

import (
	"math"
	"sort"

	"github.com/paulmach/orb"
)

// earcut triangulates a polygon by ear clipping, after the algorithm of
// mapbox/earcut (ISC licence): holes are bridged into the outer ring, ears
// are clipped, and where that stalls, self-touching spots are cured and the
// rest is split along a diagonal. pts holds the rings one after another
// (not closed), holes the index in pts where each hole starts. It returns
// indexes into pts, three per triangle. Done once per polygon at load, so
// that the map is drawn without stencil passes and with no overdraw.
// A polygon of more than hashAbove points looks for points inside an ear
// along a z-order curve (the nodes near the ear) instead of around the
// whole ring; the triangles are the same either way.
func earcut(pts []orb.Point, holes []int) []int {
	return earcutWith(pts, holes, len(pts) > hashAbove)
}

// hashAbove is the point count above which earcut indexes the nodes by
// z-order.
const hashAbove = 80

// earcutWith is earcut, with or without the z-order index.
func earcutWith(pts []orb.Point, holes []int, hashed bool) []int {
	outerLen := len(pts)
	if len(holes) > 0 {
		outerLen = holes[0]
	}
	e := &earcutter{pts: pts, hashed: hashed}
	if hashed {
		e.bounds(pts[:outerLen])
	}
	outer := e.linkedList(0, outerLen, true)
	if outer == nil || outer.next == outer.prev {
		return nil
	}
	if len(holes) > 0 {
		outer = e.eliminateHoles(holes, outer)
	}
	e.earcutLinked(outer, 0)
	return e.tris
}

type ecNode struct {
	i          int
	x, y       float64
	prev, next *ecNode
	// z is the node's place on the z-order curve; prevZ and nextZ link
	// the ring's nodes in that order (hashed only).
	z            uint32
	prevZ, nextZ *ecNode
	steiner      bool
}

type earcutter struct {
	pts  []orb.Point
	tris []int
	// hashed: the z-order index is used, over the outer ring's bounds
	// (minX, minY) scaled by inv to 0…32767.
	hashed     bool
	minX, minY float64
	inv        float64
}

// bounds sets the z-order curve's frame from the outer ring.
func (e *earcutter) bounds(ring []orb.Point) {
	b := orb.MultiPoint(ring).Bound()
	e.minX, e.minY = b.Min[0], b.Min[1]
	if size := math.Max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]); size > 0 {
		e.inv = 32767 / size
	}
}

// zOrder is the z-order curve's value at x, y: the bits of the two
// coordinates, each scaled to 15 bits, interleaved. It grows with x and
// with y, so that every point of a box lies between its corners' values.
func (e *earcutter) zOrder(x, y float64) uint32 {
	spread := func(v float64) uint32 {
		u := uint32(min(max(v, 0), 32767))
		u = (u | u<<8) & 0x00FF00FF
		u = (u | u<<4) & 0x0F0F0F0F
		u = (u | u<<2) & 0x33333333
		return (u | u<<1) & 0x55555555
	}
	return spread((x-e.minX)*e.inv) | spread((y-e.minY)*e.inv)<<1
}

// indexCurve links the ring's nodes in z-order.
func (e *earcutter) indexCurve(start *ecNode) {
	p := start
	for {
		p.z = e.zOrder(p.x, p.y)
		p.prevZ, p.nextZ = p.prev, p.next
		p = p.next
		if p == start {
			break
		}
	}
	p.prevZ.nextZ = nil
	p.prevZ = nil
	sortLinked(p)
}

// sortLinked sorts a list linked by nextZ by z (a merge sort of runs that
// double in length) and sets prevZ to match.
func sortLinked(list *ecNode) *ecNode {
	for size := 1; ; size *= 2 {
		p := list
		list = nil
		var tail *ecNode
		merges := 0
		for p != nil {
			merges++
			q := p
			pSize := 0
			for range size {
				pSize++
				if q = q.nextZ; q == nil {
					break
				}
			}
			qSize := size
			for pSize > 0 || (qSize > 0 && q != nil) {
				var n *ecNode
				if pSize != 0 && (qSize == 0 || q == nil || p.z <= q.z) {
					n, p = p, p.nextZ
					pSize--
				} else {
					n, q = q, q.nextZ
					qSize--
				}
				if tail != nil {
					tail.nextZ = n
				} else {
					list = n
				}
				n.prevZ = tail
				tail = n
			}
			p = q
		}
		tail.nextZ = nil
		if merges <= 1 {
			return list
		}
	}
}

func (e *earcutter) linkedList(start, end int, clockwise bool) *ecNode {
	var last *ecNode
	if clockwise == (signedArea(e.pts[start:end]) > 0) {
		for i := start; i < end; i++ {
			last = insertNode(i, e.pts[i], last)
		}
	} else {
		for i := end - 1; i >= start; i-- {
			last = insertNode(i, e.pts[i], last)
		}
	}
	if last != nil && equals(last, last.next) {
		removeNode(last)
		last = last.next
	}
	return last
}

func signedArea(r []orb.Point) float64 {
	sum := 0.0
	j := len(r) - 1
	for i := range r {
		sum += (r[j][0] - r[i][0]) * (r[i][1] + r[j][1])
		j = i
	}
	return sum
}

func insertNode(i int, p orb.Point, last *ecNode) *ecNode {
	n := &ecNode{i: i, x: p[0], y: p[1]}
	if last == nil {
		n.prev, n.next = n, n
	} else {
		n.next = last.next
		n.prev = last
		last.next.prev = n
		last.next = n
	}
	return n
}

func removeNode(p *ecNode) {
	p.next.prev = p.prev
	p.prev.next = p.next
	if p.prevZ != nil {
		p.prevZ.nextZ = p.nextZ
	}
	if p.nextZ != nil {
		p.nextZ.prevZ = p.prevZ
	}
}

func equals(a, b *ecNode) bool { return a.x == b.x && a.y == b.y }

func area(p, q, r *ecNode) float64 {
	return (q.y-p.y)*(r.x-q.x) - (q.x-p.x)*(r.y-q.y)
}

// filterPoints removes duplicate and collinear points.
func filterPoints(start, end *ecNode) *ecNode {
	if start == nil {
		return nil
	}
	if end == nil {
		end = start
	}
	p := start
	for {
		again := false
		if !p.steiner && (equals(p, p.next) || area(p.prev, p, p.next) == 0) {
			removeNode(p)
			p = p.prev
			end = p
			if p == p.next {
				break
			}
			again = true
		} else {
			p = p.next
		}
		if !again && p == end {
			break
		}
	}
	return end
}

func (e *earcutter) earcutLinked(ear *ecNode, pass int) {
	if ear == nil {
		return
	}
	if pass == 0 && e.hashed {
		e.indexCurve(ear)
	}
	stop := ear
	for ear.prev != ear.next {
		prev, next := ear.prev, ear.next
		if e.isEar(ear) {
			e.tris = append(e.tris, prev.i, ear.i, next.i)
			removeNode(ear)
			ear = next.next
			stop = next.next
			continue
		}
		ear = next
		if ear == stop {
			switch pass {
			case 0:
				e.earcutLinked(filterPoints(ear, nil), 1)
			case 1:
				ear = e.cureLocalIntersections(filterPoints(ear, nil))
				e.earcutLinked(ear, 2)
			case 2:
				e.splitEarcut(ear)
			}
			break
		}
	}
}

// isEar reports whether the triangle of ear and its neighbours can be
// clipped: it turns the ring's way and no other node of the ring is in it.
// Hashed, only the nodes whose z-order lies between the triangle's box's
// corners' are looked at: every node in the box is among them.
func (e *earcutter) isEar(ear *ecNode) bool {
	a, b, c := ear.prev, ear, ear.next
	if area(a, b, c) >= 0 {
		return false // reflex
	}
	x0, x1 := math.Min(a.x, math.Min(b.x, c.x)), math.Max(a.x, math.Max(b.x, c.x))
	y0, y1 := math.Min(a.y, math.Min(b.y, c.y)), math.Max(a.y, math.Max(b.y, c.y))
	inside := func(p *ecNode) bool {
		return p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1 &&
			!(a.x == p.x && a.y == p.y) &&
			pointInTriangle(a.x, a.y, b.x, b.y, c.x, c.y, p.x, p.y) &&
			area(p.prev, p, p.next) >= 0
	}
	if !e.hashed {
		for p := c.next; p != a; p = p.next {
			if inside(p) {
				return false
			}
		}
		return true
	}
	minZ, maxZ := e.zOrder(x0, y0), e.zOrder(x1, y1)
	other := func(p *ecNode) bool { return p != a && p != b && p != c && inside(p) }
	for p := b.prevZ; p != nil && p.z >= minZ; p = p.prevZ {
		if other(p) {
			return false
		}
	}
	for n := b.nextZ; n != nil && n.z <= maxZ; n = n.nextZ {
		if other(n) {
			return false
		}
	}
	return true
}

func pointInTriangle(ax, ay, bx, by, cx, cy, px, py float64) bool {
	return (cx-px)*(ay-py) >= (ax-px)*(cy-py) &&
		(ax-px)*(by-py) >= (bx-px)*(ay-py) &&
		(bx-px)*(cy-py) >= (cx-px)*(by-py)
}

func (e *earcutter) cureLocalIntersections(start *ecNode) *ecNode {
	p := start
	for {
		a, b := p.prev, p.next.next
		if !equals(a, b) && intersects(a, p, p.next, b) && locallyInside(a, b) && locallyInside(b, a) {
			e.tris = append(e.tris, a.i, p.i, b.i)
			removeNode(p)
			removeNode(p.next)
			p, start = b, b
		}
		p = p.next
		if p == start {
			break
		}
	}
	return filterPoints(p, nil)
}

func (e *earcutter) splitEarcut(start *ecNode) {
	a := start
	for {
		for b := a.next.next; b != a.prev; b = b.next {
			if a.i != b.i && isValidDiagonal(a, b) {
				c := splitPolygon(a, b)
				a = filterPoints(a, a.next)
				c = filterPoints(c, c.next)
				e.earcutLinked(a, 0)
				e.earcutLinked(c, 0)
				return
			}
		}
		a = a.next
		if a == start {
			return
		}
	}
}

func (e *earcutter) eliminateHoles(holes []int, outer *ecNode) *ecNode {
	var queue []*ecNode
	for k, start := range holes {
		end := len(e.pts)
		if k+1 < len(holes) {
			end = holes[k+1]
		}
		list := e.linkedList(start, end, false)
		if list == nil {
			continue
		}
		if list == list.next {
			list.steiner = true
		}
		queue = append(queue, leftmost(list))
	}
	sort.SliceStable(queue, func(i, j int) bool {
		if queue[i].x != queue[j].x {
			return queue[i].x < queue[j].x
		}
		return queue[i].y < queue[j].y
	})
	for _, h := range queue {
		outer = eliminateHole(h, outer)
	}
	return outer
}

func eliminateHole(hole, outer *ecNode) *ecNode {
	bridge := findHoleBridge(hole, outer)
	if bridge == nil {
		return outer
	}
	rev := splitPolygon(bridge, hole)
	filterPoints(rev, rev.next)
	return filterPoints(bridge, bridge.next)
}

func findHoleBridge(hole, outer *ecNode) *ecNode {
	p := outer
	hx, hy := hole.x, hole.y
	qx := math.Inf(-1)
	var m *ecNode
	for {
		if hy <= p.y && hy >= p.next.y && p.next.y != p.y {
			x := p.x + (hy-p.y)*(p.next.x-p.x)/(p.next.y-p.y)
			if x <= hx && x > qx {
				qx = x
				m = p
				if p.next.x < p.x {
					m = p.next
				}
				if x == hx {
					return m
				}
			}
		}
		p = p.next
		if p == outer {
			break
		}
	}
	if m == nil {
		return nil
	}
	stop := m
	mx, my := m.x, m.y
	tanMin := math.Inf(1)
	p = m
	for {
		ax, cx := qx, hx
		if hy < my {
			ax, cx = hx, qx
		}
		if hx >= p.x && p.x >= mx && hx != p.x && pointInTriangle(ax, hy, mx, my, cx, hy, p.x, p.y) {
			tan := math.Abs(hy-p.y) / (hx - p.x)
			if locallyInside(p, hole) && (tan < tanMin || (tan == tanMin && (p.x > m.x || (p.x == m.x && sectorContainsSector(m, p))))) {
				m, tanMin = p, tan
			}
		}
		p = p.next
		if p == stop {
			break
		}
	}
	return m
}

func sectorContainsSector(m, p *ecNode) bool {
	return area(m.prev, m, p.prev) < 0 && area(p.next, m, m.next) < 0
}

func leftmost(start *ecNode) *ecNode {
	p, l := start, start
	for {
		if p.x < l.x || (p.x == l.x && p.y < l.y) {
			l = p
		}
		p = p.next
		if p == start {
			return l
		}
	}
}

func isValidDiagonal(a, b *ecNode) bool {
	return a.next.i != b.i && a.prev.i != b.i && !intersectsPolygon(a, b) &&
		(locallyInside(a, b) && locallyInside(b, a) && middleInside(a, b) &&
			(area(a.prev, a, b.prev) != 0 || area(a, b.prev, b) != 0) ||
			equals(a, b) && area(a.prev, a, a.next) > 0 && area(b.prev, b, b.next) > 0)
}

func sign(v float64) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

func onSegment(p, q, r *ecNode) bool {
	return q.x <= math.Max(p.x, r.x) && q.x >= math.Min(p.x, r.x) && q.y <= math.Max(p.y, r.y) && q.y >= math.Min(p.y, r.y)
}

func intersects(p1, q1, p2, q2 *ecNode) bool {
	o1, o2 := sign(area(p1, q1, p2)), sign(area(p1, q1, q2))
	o3, o4 := sign(area(p2, q2, p1)), sign(area(p2, q2, q1))
	switch {
	case o1 != o2 && o3 != o4:
		return true
	case o1 == 0 && onSegment(p1, p2, q1):
		return true
	case o2 == 0 && onSegment(p1, q2, q1):
		return true
	case o3 == 0 && onSegment(p2, p1, q2):
		return true
	case o4 == 0 && onSegment(p2, q1, q2):
		return true
	}
	return false
}

func intersectsPolygon(a, b *ecNode) bool {
	p := a
	for {
		if p.i != a.i && p.next.i != a.i && p.i != b.i && p.next.i != b.i && intersects(p, p.next, a, b) {
			return true
		}
		p = p.next
		if p == a {
			return false
		}
	}
}

func locallyInside(a, b *ecNode) bool {
	if area(a.prev, a, a.next) < 0 {
		return area(a, b, a.next) >= 0 && area(a, a.prev, b) >= 0
	}
	return area(a, b, a.prev) < 0 || area(a, a.next, b) < 0
}

func middleInside(a, b *ecNode) bool {
	p := a
	inside := false
	px, py := (a.x+b.x)/2, (a.y+b.y)/2
	for {
		if (p.y > py) != (p.next.y > py) && p.next.y != p.y && px < (p.next.x-p.x)*(py-p.y)/(p.next.y-p.y)+p.x {
			inside = !inside
		}
		p = p.next
		if p == a {
			return inside
		}
	}
}

func splitPolygon(a, b *ecNode) *ecNode {
	a2 := &ecNode{i: a.i, x: a.x, y: a.y}
	b2 := &ecNode{i: b.i, x: b.x, y: b.y}
	an, bp := a.next, b.prev
	a.next, b.prev = b, a
	a2.next, an.prev = an, a2
	b2.next, a2.prev = a2, b2
	bp.next, b2.prev = b2, bp
	return b2
}
