package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// decoder walks a YAML syntax tree and collects positioned errors. It never
// stops at the first problem: a bad value is reported and replaced by its
// default so that the rest of the file is still checked.
type decoder struct {
	file    string
	errs    ErrorList
	anchors map[string]ast.Node
}

// full reports whether no more errors are wanted.
func (d *decoder) full() bool { return len(d.errs) >= maxErrors }

// errorf records a problem at node n (or at the top of the file when n is
// nil).
func (d *decoder) errorf(n ast.Node, format string, args ...any) {
	line, col := position(n)
	d.errorAtf(line, col, format, args...)
}

// errorAtf records a problem at a line and column.
func (d *decoder) errorAtf(line, col int, format string, args ...any) {
	if len(d.errs) > maxErrors {
		return
	}
	if len(d.errs) == maxErrors {
		d.errs = append(d.errs, &Error{File: d.file, Line: line, Col: col,
			Msg: "too many errors; fix these first"})
		return
	}
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// position returns the line and column where a node starts (1-based), or
// 1:1 for a missing node.
func position(n ast.Node) (line, col int) {
	if n == nil {
		return 1, 1
	}
	var tk *token.Token
	switch n := n.(type) {
	case *ast.MappingNode:
		if len(n.Values) > 0 && n.Values[0].Key != nil {
			tk = n.Values[0].Key.GetToken()
		} else {
			tk = n.GetToken()
		}
	case *ast.MappingValueNode:
		tk = n.Key.GetToken()
	default:
		tk = n.GetToken()
	}
	if tk == nil || tk.Position == nil {
		return 1, 1
	}
	return max(tk.Position.Line, 1), max(tk.Position.Column, 1)
}

// parse reads the YAML text and returns its single document's top node, or
// nil after recording why there is none.
func (d *decoder) parse(data []byte) (root ast.Node) {
	var f *ast.File
	var err error
	func() {
		// The YAML library is third-party code fed with arbitrary input; a
		// panic in it is reported as a syntax error rather than taking
		// down the caller (a server validating an uploaded scenario).
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("unreadable YAML (%v)", r)
			}
		}()
		f, err = parser.ParseBytes(data, 0)
	}()
	if err != nil {
		type tokenError interface {
			GetToken() *token.Token
			GetMessage() string
		}
		if te, ok := err.(tokenError); ok && te.GetToken() != nil && te.GetToken().Position != nil {
			p := te.GetToken().Position
			d.errorAtf(max(p.Line, 1), max(p.Column, 1), "YAML syntax: %s", te.GetMessage())
		} else {
			d.errorAtf(1, 1, "YAML syntax: %v", err)
		}
		return nil
	}
	var docs []ast.Node
	for _, doc := range f.Docs {
		if doc != nil && doc.Body != nil {
			docs = append(docs, doc.Body)
		}
	}
	if len(docs) == 0 {
		d.errorAtf(1, 1, "empty scenario; a scenario is a mapping with keys %s", strings.Join(topKeys, ", "))
		return nil
	}
	if len(docs) > 1 {
		d.errorf(docs[1], "a scenario file holds one YAML document; found %d", len(docs))
	}
	d.anchors = map[string]ast.Node{}
	for _, doc := range docs {
		collectAnchors(d.anchors, doc, 0)
	}
	return docs[0]
}

// collectAnchors records anchored nodes under n by name.
func collectAnchors(anchors map[string]ast.Node, n ast.Node, depth int) {
	if depth > 100 {
		return
	}
	if a, ok := n.(*ast.AnchorNode); ok && a != nil && a.Name != nil && a.Name.GetToken() != nil {
		anchors[a.Name.GetToken().Value] = a.Value
	}
	for _, c := range children(n) {
		collectAnchors(anchors, c, depth+1)
	}
}

// children returns the nodes directly under n that may hold anchors.
func children(n ast.Node) []ast.Node {
	switch m := n.(type) {
	case *ast.MappingNode:
		if m != nil {
			out := make([]ast.Node, len(m.Values))
			for i, v := range m.Values {
				out[i] = v
			}
			return out
		}
	case *ast.SequenceNode:
		if m != nil {
			return m.Values
		}
	case *ast.MappingValueNode:
		if m != nil {
			return []ast.Node{m.Value}
		}
	case *ast.TagNode:
		if m != nil {
			return []ast.Node{m.Value}
		}
	case *ast.AnchorNode:
		if m != nil {
			return []ast.Node{m.Value}
		}
	}
	return nil
}

// resolve looks through anchors, aliases and tags to the node that carries
// the value. It returns nil for a missing or null value.
func (d *decoder) resolve(n ast.Node) ast.Node {
	for i := 0; i < 16 && n != nil; i++ {
		switch m := n.(type) {
		case *ast.AnchorNode:
			n = m.Value
		case *ast.TagNode:
			n = m.Value
		case *ast.AliasNode:
			name := ""
			if m.Value != nil {
				name = m.Value.GetToken().Value
			}
			target, ok := d.anchors[name]
			if !ok {
				d.errorf(m, "unknown alias *%s; define &%s before using it", name, name)
				return nil
			}
			n = target
		case *ast.NullNode:
			return nil
		default:
			return n
		}
	}
	if n != nil {
		d.errorf(n, "aliases nested too deeply")
	}
	return nil
}

// scalar returns the text of a scalar node, and whether n is a scalar.
func scalar(n ast.Node) (string, bool) {
	switch m := n.(type) {
	case *ast.StringNode:
		return m.Value, true
	case *ast.LiteralNode:
		if m.Value == nil {
			return "", true
		}
		return m.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return n.GetToken().Value, true
	}
	return "", false
}

// kindName describes a node's kind for error messages.
func kindName(n ast.Node) string {
	switch n.(type) {
	case nil:
		return "nothing"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "a number"
	case *ast.BoolNode:
		return "true/false"
	}
	if s, ok := scalar(n); ok {
		return strconv.Quote(s)
	}
	return n.Type().String()
}

// object is a YAML mapping being read, with the keys its schema allows. Its
// methods record an error and return the default for a missing or bad
// value; all of them are safe on a nil *object (a mapping that was not
// there or was not a mapping).
type object struct {
	d    *decoder
	what string // what the mapping describes, for messages: `unit "Alpha 1"`
	node ast.Node
	vals map[string]ast.Node // resolved values by key
	keys map[string]ast.Node // key nodes, for positions
}

// object checks that n is a mapping whose keys are all in allowed, and
// returns it for reading; it returns nil (after an error) otherwise. Merge
// keys (<<: *anchor) copy the keys of another mapping that n does not set.
func (d *decoder) object(n ast.Node, what string, allowed []string) *object {
	n = d.resolve(n)
	if n == nil {
		return nil
	}
	o := &object{d: d, what: what, node: n, vals: map[string]ast.Node{}, keys: map[string]ast.Node{}}
	if !o.add(n, allowed, 0) {
		d.errorf(n, "%s: want a mapping with keys %s; got %s", what, strings.Join(allowed, ", "), kindName(n))
		return nil
	}
	return o
}

// add copies the entries of mapping n into o, without overriding keys
// already there; it reports whether n is a mapping.
func (o *object) add(n ast.Node, allowed []string, depth int) bool {
	var entries []*ast.MappingValueNode
	switch m := n.(type) {
	case *ast.MappingNode:
		entries = m.Values
	case *ast.MappingValueNode:
		entries = []*ast.MappingValueNode{m}
	default:
		return false
	}
	var merges []ast.Node
	for _, e := range entries {
		if e == nil || e.Key == nil {
			continue
		}
		if e.Key.IsMergeKey() {
			merges = append(merges, e.Value)
			continue
		}
		k, ok := scalar(o.d.resolve(e.Key))
		if !ok {
			o.d.errorf(e.Key, "%s: keys must be plain words; allowed: %s", o.what, strings.Join(allowed, ", "))
			continue
		}
		if !slices.Contains(allowed, k) {
			o.d.errorf(e.Key, "%s: unknown key %q%s; allowed: %s", o.what, k, suggest(k, allowed), strings.Join(allowed, ", "))
			continue
		}
		if _, dup := o.keys[k]; dup {
			if depth == 0 {
				o.d.errorf(e.Key, "%s: key %q given twice", o.what, k)
			}
			continue
		}
		o.keys[k] = e.Key
		o.vals[k] = e.Value
	}
	if depth > 4 {
		return true
	}
	for _, m := range merges {
		var srcs []ast.Node
		if seq, ok := o.d.resolve(m).(*ast.SequenceNode); ok {
			srcs = seq.Values
		} else {
			srcs = []ast.Node{m}
		}
		for _, src := range srcs {
			if r := o.d.resolve(src); r != nil && !o.add(r, allowed, depth+1) {
				o.d.errorf(src, "%s: << merges a mapping; got %s", o.what, kindName(r))
			}
		}
	}
	return true
}

// has reports whether key is set (to something other than null).
func (o *object) has(key string) bool {
	return o != nil && o.d.resolve(o.vals[key]) != nil
}

// value returns the resolved value of key, or nil.
func (o *object) value(key string) ast.Node {
	if o == nil {
		return nil
	}
	return o.d.resolve(o.vals[key])
}

// keyNode returns the node of key itself, for positions; the mapping when
// the key is missing.
func (o *object) keyNode(key string) ast.Node {
	if k, ok := o.keys[key]; ok {
		return k
	}
	return o.node
}

// errorf records a problem with key's value (or the key, when the value is
// missing).
func (o *object) errorf(key string, format string, args ...any) {
	if n := o.value(key); n != nil {
		o.d.errorf(n, "%s: %s", o.what, fmt.Sprintf(format, args...))
		return
	}
	o.d.errorf(o.keyNode(key), "%s: %s", o.what, fmt.Sprintf(format, args...))
}

// require records an error for each missing key and reports whether all are
// present.
func (o *object) require(keys ...string) bool {
	if o == nil {
		return false
	}
	ok := true
	for _, k := range keys {
		if !o.has(k) {
			o.d.errorf(o.keyNode(k), "%s: missing %q", o.what, k)
			ok = false
		}
	}
	return ok
}

// str returns key's text, or def.
func (o *object) str(key, def string) string {
	n := o.value(key)
	if n == nil {
		return def
	}
	s, ok := scalar(n)
	if !ok {
		o.errorf(key, "%s: want text; got %s", key, kindName(n))
		return def
	}
	return s
}

// number returns key's value as a float in [lo, hi], or def.
func (o *object) number(key string, def, lo, hi float64) float64 {
	if v, ok := o.inRange(key, false, lo, hi); ok {
		return v
	}
	return def
}

// inRange reads key's value as a number (whole: an integer) in [lo, hi];
// false when it is absent or wrong (then reported).
func (o *object) inRange(key string, whole bool, lo, hi float64) (float64, bool) {
	n := o.value(key)
	if n == nil {
		return 0, false
	}
	v, ok := o.d.number(n)
	switch {
	case whole && (!ok || v != math.Trunc(v)):
		o.errorf(key, "%s: want a whole number; got %s", key, kindName(n))
		return 0, false
	case !ok:
		o.errorf(key, "%s: want a number; got %s", key, kindName(n))
		return 0, false
	case v < lo || v > hi:
		o.errorf(key, "%s: %s is out of range; allowed: %s", key, fmtNum(v), rangeText(lo, hi))
		return 0, false
	}
	return v, true
}

// number reads a numeric scalar.
func (d *decoder) number(n ast.Node) (float64, bool) {
	switch m := n.(type) {
	case *ast.IntegerNode:
		switch v := m.Value.(type) {
		case int64:
			return float64(v), true
		case uint64:
			return float64(v), true
		}
		f, err := strconv.ParseFloat(m.GetToken().Value, 64)
		return f, err == nil
	case *ast.FloatNode:
		return m.Value, !math.IsNaN(m.Value) && !math.IsInf(m.Value, 0)
	}
	return 0, false
}

// share returns key's value as a fraction in [0, 1], written either as a
// number (0.3) or a percentage ("30%").
func (o *object) share(key string, def float64) float64 {
	n := o.value(key)
	if n == nil {
		return def
	}
	if s, ok := n.(*ast.StringNode); ok && strings.HasSuffix(strings.TrimSpace(s.Value), "%") {
		v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s.Value), "%")), 64)
		if err != nil || v < 0 || v > 100 || math.IsNaN(v) {
			o.errorf(key, "%s: %q is not a percentage; allowed: 0%% to 100%%, or a number from 0 to 1", key, s.Value)
			return def
		}
		return v / 100
	}
	v, ok := o.d.number(n)
	if !ok {
		o.errorf(key, "%s: want a share such as 0.3 or \"30%%\"; got %s", key, kindName(n))
		return def
	}
	if v < 0 || v > 1 {
		o.errorf(key, "%s: %s is out of range; allowed: 0 to 1, or a percentage such as \"30%%\"", key, fmtNum(v))
		return def
	}
	return v
}

// integer returns key's value as an int in [lo, hi], or def.
func (o *object) integer(key string, def, lo, hi int) int {
	if v, ok := o.inRange(key, true, float64(lo), float64(hi)); ok {
		return int(v)
	}
	return def
}

// boolean returns key's value as a bool, or def.
func (o *object) boolean(key string, def bool) bool {
	n := o.value(key)
	if n == nil {
		return def
	}
	b, ok := n.(*ast.BoolNode)
	if !ok {
		o.errorf(key, "%s: want true or false; got %s", key, kindName(n))
		return def
	}
	return b.Value
}

// enum returns key's value, which must be one of allowed, or def. what
// names the value for messages ("unit kind").
func (o *object) enum(key, what, def string, allowed []string) string {
	n := o.value(key)
	if n == nil {
		return def
	}
	s, ok := scalar(n)
	if !ok {
		o.errorf(key, "%s: want one of %s; got %s", key, strings.Join(allowed, ", "), kindName(n))
		return def
	}
	if !slices.Contains(allowed, s) {
		o.errorf(key, "unknown %s %q%s; allowed: %s", what, s, suggest(s, allowed), strings.Join(allowed, ", "))
		return def
	}
	return s
}

// duration returns key's value in seconds, written as "90s", "15m", "2h"
// or "1h30m", or def.
func (o *object) duration(key string, def int) int {
	n := o.value(key)
	if n == nil {
		return def
	}
	return o.parsedDuration(key, n, def, "")
}

// parsedDuration returns the duration n written under key in seconds, or
// def when it is not one, reported after the hint.
func (o *object) parsedDuration(key string, n ast.Node, def int, hint string) int {
	sec, err := parseDuration(n)
	if err != "" {
		o.errorf(key, "%s: %s%s", key, hint, err)
		return def
	}
	return sec
}

// parseDuration reads a duration scalar and returns whole seconds, or a
// message saying what is wrong.
func parseDuration(n ast.Node) (int, string) {
	const allowed = `a duration such as "90s", "15m", "2h" or "1h30m"`
	s, ok := scalar(n)
	if !ok {
		return 0, fmt.Sprintf("want %s; got %s", allowed, kindName(n))
	}
	if _, isNum := n.(*ast.IntegerNode); isNum {
		return 0, fmt.Sprintf("%s has no unit; want %s", s, allowed)
	}
	if _, isNum := n.(*ast.FloatNode); isNum {
		return 0, fmt.Sprintf("%s has no unit; want %s", s, allowed)
	}
	s = strings.TrimSpace(s)
	d, err := time.ParseDuration(s)
	if err != nil || strings.HasPrefix(s, "-") {
		return 0, fmt.Sprintf("%q is not a duration; want %s", s, allowed)
	}
	if d > 366*24*time.Hour {
		return 0, fmt.Sprintf("%q is too long; allowed: up to 366 days", s)
	}
	return int(d.Round(time.Second) / time.Second), ""
}

// clock returns key's value as seconds after midnight, written "21:30" or
// "21:30:15", or def.
func (o *object) clock(key string, def int) int {
	n := o.value(key)
	if n == nil {
		return def
	}
	s, _ := scalar(n)
	sec, ok := parseClock(s)
	if !ok {
		o.errorf(key, "%s: want a time of day such as \"06:45\" or \"21:30\"; got %s", key, kindName(n))
		return def
	}
	return sec
}

// parseClock reads "HH:MM" or "HH:MM:SS".
func parseClock(s string) (int, bool) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	limits := []int{23, 59, 59}
	sec := 0
	for i, p := range parts {
		if len(p) == 0 || len(p) > 2 {
			return 0, false
		}
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || v > limits[i] {
			return 0, false
		}
		sec = sec*60 + v
	}
	if len(parts) == 2 {
		sec *= 60
	}
	return sec, true
}

// list returns the elements of key's value, which must be a list.
func (o *object) list(key string) []ast.Node {
	n := o.value(key)
	if n == nil {
		return nil
	}
	return o.d.list(n, fmt.Sprintf("%s: %s", o.what, key))
}

// list returns the elements of a list node, after an error if it is not
// one.
func (d *decoder) list(n ast.Node, what string) []ast.Node {
	n = d.resolve(n)
	if n == nil {
		return nil
	}
	seq, ok := n.(*ast.SequenceNode)
	if !ok {
		d.errorf(n, "%s: want a list; got %s", what, kindName(n))
		return nil
	}
	return seq.Values
}

// fmtNum formats a number without needless digits.
func fmtNum(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// rangeText describes an allowed range.
func rangeText(lo, hi float64) string {
	switch {
	case math.IsInf(hi, 1) && lo == 0:
		return "0 or more"
	case math.IsInf(hi, 1):
		return fmt.Sprintf("%s or more", fmtNum(lo))
	}
	return fmt.Sprintf("%s to %s", fmtNum(lo), fmtNum(hi))
}

// suggest returns `; did you mean "X"` for the allowed word nearest to s, or
// "" when none is near.
func suggest(s string, allowed []string) string {
	best, bestD := "", 1<<30
	for _, a := range allowed {
		if d := editDistance(strings.ToLower(s), strings.ToLower(a)); d < bestD {
			best, bestD = a, d
		}
	}
	if best == "" || len(s) < 3 || bestD > max(1, len(s)/3) {
		return ""
	}
	return fmt.Sprintf("; did you mean %q", best)
}

// editDistance is the Levenshtein distance between a and b, in runes, for
// suggestions; past 64 runes it does not measure and says "far".
func editDistance(a, b string) int {
	if utf8.RuneCountInString(a) > 64 || utf8.RuneCountInString(b) > 64 {
		return 1 << 20
	}
	return maps.EditDistance(a, b)
}
