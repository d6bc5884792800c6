package wire_test

// This file is a second decoder of the protocol, written from
// docs/PROTOCOL.md and driven by its tables, which it parses at test time:
// the enum values, the flag bits, the field order and type of every record
// and message, the change bits and the constants all come from the
// document. It decodes frames that package wire's encoder made from a real
// built-in scenario and checks what it reads against the sim.View and the
// events they were made from. It never calls wire's decoder, so a document
// that drifts from the code (a field out of order, a wrong enum value or
// bit) fails here.

import (
	"fmt"
	"math"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/paulmach/orb"
)

// specPath is the specification the decoder is built from.
const specPath = "../docs/PROTOCOL.md"

// enumSpec is an `enum` or `flags` table.
type enumSpec struct {
	name    string
	varint  bool // encoded as u, else one byte
	byValue map[int64]string
	values  []int64           // in table order
	content map[string]string // flags: the content column, by flag name
}

// fieldSpec is one row of a `record` or `message` table.
type fieldSpec struct {
	name string
	typ  string
	bit  int64 // change bit or presence bit; 0 for none
	key  bool
}

// recordSpec is a `record` or `message` table.
type recordSpec struct {
	name   string
	fields []fieldSpec
}

// spec is what the document's tables say.
type spec struct {
	enums    map[string]*enumSpec // enums and flags
	flags    map[string]bool      // which of enums are flags
	records  map[string]*recordSpec
	messages map[string]*recordSpec
	consts   map[string]int64
}

var headingRe = regexp.MustCompile(`^###\s+(enum|flags|record|message|constants)\s*(\w*)\s*(?:\((\w+)\))?\s*$`)

// loadSpec parses the tables of the specification.
func loadSpec(t testing.TB) *spec {
	t.Helper()
	b, err := os.ReadFile(specPath)
	if err != nil {
		t.Fatal(err)
	}
	s := &spec{enums: map[string]*enumSpec{}, flags: map[string]bool{}, records: map[string]*recordSpec{},
		messages: map[string]*recordSpec{}, consts: map[string]int64{}}
	lines := strings.Split(string(b), "\n")
	for i := 0; i < len(lines); i++ {
		m := headingRe.FindStringSubmatch(strings.TrimSpace(lines[i]))
		if m == nil {
			continue
		}
		kind, name, enc := m[1], m[2], m[3]
		// The first table after the heading.
		j := i + 1
		for j < len(lines) && !strings.HasPrefix(lines[j], "|") {
			if strings.HasPrefix(lines[j], "#") {
				t.Fatalf("%s:%d: %s %s has no table", specPath, i+1, kind, name)
			}
			j++
		}
		var rows [][]string
		for ; j < len(lines) && strings.HasPrefix(lines[j], "|"); j++ {
			rows = append(rows, cells(lines[j]))
		}
		if len(rows) < 3 {
			t.Fatalf("%s:%d: %s %s: table without rows", specPath, i+1, kind, name)
		}
		header, rows := rows[0], rows[2:]
		col := func(want string) int {
			k := slices.Index(header, want)
			if k < 0 {
				t.Fatalf("%s:%d: %s %s: no column %q in %q", specPath, i+1, kind, name, want, header)
			}
			return k
		}
		switch kind {
		case "enum", "flags":
			e := &enumSpec{name: name, varint: enc == "u", byValue: map[int64]string{}, content: map[string]string{}}
			if enc != "u" && enc != "byte" {
				t.Fatalf("%s:%d: %s %s: encoding %q, want (byte) or (u)", specPath, i+1, kind, name, enc)
			}
			vc, nc := col("value"), col("name")
			cc := slices.Index(header, "content")
			for _, r := range rows {
				v, err := strconv.ParseInt(r[vc], 10, 64)
				if err != nil {
					t.Fatalf("%s: %s %s: value %q: %v", specPath, kind, name, r[vc], err)
				}
				if _, dup := e.byValue[v]; dup {
					t.Fatalf("%s: %s %s: value %d twice", specPath, kind, name, v)
				}
				e.byValue[v] = r[nc]
				e.values = append(e.values, v)
				if cc >= 0 {
					e.content[r[nc]] = r[cc]
				}
			}
			s.enums[name] = e
			s.flags[name] = kind == "flags"
		case "record", "message":
			r := &recordSpec{name: name}
			fc, tc := col("field"), col("type")
			bc := slices.Index(header, "bit")
			for _, row := range rows {
				f := fieldSpec{name: row[fc], typ: row[tc]}
				if bc >= 0 {
					switch c := row[bc]; c {
					case "key":
						f.key = true
					case "–", "-", "":
					default:
						v, err := strconv.ParseInt(c, 10, 64)
						if err != nil {
							t.Fatalf("%s: %s %s: bit %q: %v", specPath, kind, name, c, err)
						}
						f.bit = v
					}
				}
				r.fields = append(r.fields, f)
			}
			if kind == "record" {
				s.records[name] = r
			} else {
				s.messages[strings.ToLower(name)] = r
			}
		case "constants":
			nc, vc := col("name"), col("value")
			for _, r := range rows {
				v, err := strconv.ParseInt(r[vc], 10, 64)
				if err != nil {
					t.Fatalf("%s: constant %s: %v", specPath, r[nc], err)
				}
				s.consts[r[nc]] = v
			}
		}
		i = j
	}
	return s
}

// cells splits a markdown table row, dropping code quotes.
func cells(line string) []string {
	parts := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(strings.TrimSpace(p), "`", "")
	}
	return parts
}

// obj is a decoded record: field name to value. Values are uint64 (u),
// int64 (i, q, byte, age), [2]int64 (pt, pos), [][2]int64 (pts), float64,
// bool, string, an enum's name, obj, or []any (lists).
type obj map[string]any

// reader reads the primitives as the document defines them.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("byte %d: %s", r.off, fmt.Sprintf(format, args...))
	}
}

func (r *reader) byte() byte {
	if r.err != nil {
		return 0
	}
	if r.off >= len(r.b) {
		r.fail("truncated")
		return 0
	}
	r.off++
	return r.b[r.off-1]
}

// u reads an unsigned LEB128 varint of at most 10 bytes.
func (r *reader) u() uint64 {
	var v uint64
	for n := 0; n < 10; n++ {
		c := r.byte()
		if r.err != nil {
			return 0
		}
		if n == 9 && c > 1 {
			r.fail("varint overflows 64 bits")
			return 0
		}
		v |= uint64(c&0x7f) << (7 * n)
		if c&0x80 == 0 {
			return v
		}
	}
	r.fail("varint longer than 10 bytes")
	return 0
}

// i reads a zigzag-encoded signed integer.
func (r *reader) i() int64 {
	u := r.u()
	if u&1 == 0 {
		return int64(u >> 1)
	}
	return -int64(u>>1) - 1
}

func (r *reader) pt() [2]int64 { return [2]int64{r.i(), r.i()} }

func (r *reader) f64() float64 {
	var bits uint64
	for k := range 8 {
		bits |= uint64(r.byte()) << (8 * k)
	}
	return math.Float64frombits(bits)
}

func (r *reader) str() string {
	n := r.u()
	if r.err != nil {
		return ""
	}
	if n > uint64(len(r.b)-r.off) {
		r.fail("string of %d bytes, %d left", n, len(r.b)-r.off)
		return ""
	}
	r.off += int(n)
	return string(r.b[r.off-int(n) : r.off])
}

// specDecoder decodes messages by the tables of a spec.
type specDecoder struct {
	s *spec
	t testing.TB
}

// message decodes one message; it returns the name of its type and its
// fields.
func (d *specDecoder) message(b []byte) (string, obj, error) {
	r := &reader{b: b}
	typ, ok := d.s.enums["Type"].byValue[int64(r.byte())]
	if !ok {
		return "", nil, fmt.Errorf("unknown message type %d", b[0])
	}
	ms := d.s.messages[typ]
	if ms == nil {
		return "", nil, fmt.Errorf("no message table for type %s", typ)
	}
	o := d.record(r, ms, false, nil)
	if r.err == nil && r.off != len(b) {
		r.fail("%d bytes after the message", len(b)-r.off)
	}
	return typ, o, r.err
}

// record decodes the fields of rs in table order. A record with a `fields`
// row reads the rows with a bit only when the bit is set in it (events).
// ctx is the enclosing message, for the Delta's sections.
func (d *specDecoder) record(r *reader, rs *recordSpec, skipKeys bool, ctx obj) obj {
	o := obj{}
	if ctx == nil {
		ctx = o
	}
	present, gated := uint64(0), false
	for _, f := range rs.fields {
		if skipKeys && f.key {
			continue
		}
		if gated && f.bit != 0 && present&uint64(f.bit) == 0 {
			continue
		}
		d.field(r, f, o, ctx)
		if f.name == "fields" && f.typ == "u" {
			present, gated = o["fields"].(uint64), true
			var all uint64
			for _, g := range rs.fields {
				all |= uint64(g.bit)
			}
			if present&^all != 0 {
				r.fail("%s: unknown field bits %#x", rs.name, present&^all)
			}
		}
	}
	return o
}

// field decodes one field into o.
func (d *specDecoder) field(r *reader, f fieldSpec, o, ctx obj) {
	typ := f.typ
	if a, cond, ok := strings.Cut(typ, " if "); ok {
		typ = a
		if b, ok := o[cond].(bool); ok && !b {
			return
		} else if !ok {
			d.t.Fatalf("field %s: condition %q is not a bool field before it", f.name, cond)
		}
	}
	switch {
	case strings.HasSuffix(typ, " content"):
		// The Delta's sections: each set bit's content, in bit order.
		fs := d.s.enums[strings.TrimSuffix(typ, " content")]
		set := o[strings.ToLower(fs.name)].(uint64)
		vals := slices.Clone(fs.values)
		slices.Sort(vals)
		content := obj{}
		for _, v := range vals {
			name := fs.byValue[v]
			if c := fs.content[name]; set&uint64(v) != 0 && c != "–" && c != "" {
				content[name] = d.value(r, c, o)
			}
		}
		o[f.name] = content
	case typ == "Changes":
		o[f.name] = d.changes(r, f.name, ctx)
	default:
		if es := d.s.enums[typ]; es != nil && d.s.flags[typ] {
			v := d.enumRaw(r, es)
			var all int64
			for _, b := range es.values {
				all |= b
				o[es.byValue[b]] = v&b != 0
			}
			if v&^all != 0 {
				r.fail("%s: unknown bits %#x", typ, v&^all)
			}
			o[f.name] = uint64(v)
			return
		}
		o[f.name] = d.value(r, typ, o)
	}
}

func (d *specDecoder) enumRaw(r *reader, es *enumSpec) int64 {
	if es.varint {
		return int64(r.u())
	}
	return int64(r.byte())
}

// value decodes a value of a type of the document.
func (d *specDecoder) value(r *reader, typ string, ctx obj) any {
	if elem, ok := strings.CutPrefix(typ, "list "); ok {
		n := r.u()
		if n > uint64(len(r.b)-r.off) {
			r.fail("list of %d, %d bytes left", n, len(r.b)-r.off)
			return nil
		}
		l := []any{}
		for range n {
			if r.err != nil {
				return nil
			}
			l = append(l, d.value(r, elem, ctx))
		}
		return l
	}
	switch typ {
	case "byte":
		return int64(r.byte())
	case "u":
		return r.u()
	case "i", "q", "age":
		return r.i()
	case "pt", "pos":
		return r.pt()
	case "pts":
		n := r.u()
		if n > uint64(len(r.b)-r.off) {
			r.fail("point list of %d", n)
			return nil
		}
		var ps [][2]int64
		var x, y int64
		for range n {
			x += r.i()
			y += r.i()
			ps = append(ps, [2]int64{x, y})
		}
		return ps
	case "f64":
		return r.f64()
	case "bool":
		switch r.byte() {
		case 0:
			return false
		case 1:
			return true
		}
		r.fail("bool other than 0 or 1")
		return false
	case "str":
		return r.str()
	}
	if es := d.s.enums[typ]; es != nil {
		v := d.enumRaw(r, es)
		name, ok := es.byValue[v]
		if !ok && r.err == nil {
			r.fail("%s: value %d not in the table", typ, v)
		}
		return name
	}
	if rs := d.s.records[typ]; rs != nil {
		return d.record(r, rs, false, ctx)
	}
	d.t.Fatalf("type %q is not defined by the document", typ)
	return nil
}

// entity returns the record of a view's entity list (units: Unit) and its
// order flag (unitOrder), as the View table and the Sections table name
// them.
func (d *specDecoder) entity(list string) (*recordSpec, string) {
	for _, f := range d.s.records["View"].fields {
		if f.name == list {
			name := strings.TrimPrefix(f.typ, "list ")
			return d.s.records[name], strings.ToLower(name[:1]) + name[1:] + "Order"
		}
	}
	d.t.Fatalf("View has no field %s", list)
	return nil, ""
}

// keyOf reads an entity's key fields.
func (d *specDecoder) keyOf(r *reader, rs *recordSpec) obj {
	k := obj{}
	for _, f := range rs.fields {
		if f.key {
			k[f.name] = d.value(r, f.typ, nil)
		}
	}
	return k
}

// changes decodes the changes of one entity list of a Delta.
func (d *specDecoder) changes(r *reader, list string, delta obj) obj {
	rs, orderFlag := d.entity(list)
	fieldNew := d.s.consts["FieldNew"]
	var all int64
	var bits []fieldSpec
	for _, f := range rs.fields {
		if f.bit != 0 {
			all |= f.bit
			bits = append(bits, f)
		}
	}
	slices.SortFunc(bits, func(a, b fieldSpec) int { return int(a.bit - b.bit) })
	out := obj{}
	n := r.u()
	var changed []obj
	for range n {
		if r.err != nil {
			break
		}
		c := d.keyOf(r, rs)
		fields := int64(r.u())
		switch {
		case fields == fieldNew|all:
			for k, v := range d.record(r, rs, true, nil) {
				c[k] = v
			}
			c["new"] = true
		case fields&fieldNew != 0 || fields&^all != 0:
			r.fail("%s change: fields %#x", rs.name, fields)
		default:
			for _, f := range bits {
				if fields&f.bit != 0 {
					c[f.name] = d.value(r, f.typ, nil)
				}
			}
		}
		changed = append(changed, c)
	}
	out["changed"] = changed
	keys := func() []obj {
		n := r.u()
		var ks []obj
		for range n {
			if r.err != nil {
				break
			}
			ks = append(ks, d.keyOf(r, rs))
		}
		return ks
	}
	out["removed"] = keys()
	if set, _ := delta[orderFlag].(bool); set {
		out["order"] = keys()
	}
	return out
}

// specMirror holds a view as "Applying a Delta" says.
type specMirror struct {
	d    *specDecoder
	view obj
	seq  uint64
}

func keyString(rs *recordSpec, e obj) string {
	var b strings.Builder
	for _, f := range rs.fields {
		if f.key {
			fmt.Fprint(&b, e[f.name], "/")
		}
	}
	return b.String()
}

func (m *specMirror) keyframe(o obj) {
	m.view = o["view"].(obj)
	m.seq = o["frame"].(obj)["seq"].(uint64)
}

func (m *specMirror) apply(t *testing.T, delta obj) {
	t.Helper()
	if base, ok := delta["base"].(uint64); !ok || base != m.seq {
		t.Fatalf("delta on base %v, holding %d", delta["base"], m.seq)
	}
	v := m.view
	tick := delta["tick"].(int64)
	dt := tick - v["tick"].(int64)
	for _, e := range v["tracks"].([]any) {
		e.(obj)["age"] = e.(obj)["age"].(int64) + dt
	}
	v["tick"], v["clock"] = tick, delta["clock"]
	// Sections: a View field is replaced; a record without a View field
	// of its name (scalars) sets its fields.
	for name, c := range delta["content"].(obj) {
		if _, isField := v[name]; isField {
			v[name] = c
			continue
		}
		for k, x := range c.(obj) {
			v[k] = x
		}
	}
	for _, list := range []string{"units", "tracks", "crossers"} {
		rs, _ := m.d.entity(list)
		ch := delta[list].(obj)
		held := v[list].([]any)
		idx := func() map[string]int {
			ix := map[string]int{}
			for i, e := range held {
				ix[keyString(rs, e.(obj))] = i
			}
			return ix
		}
		ix := idx()
		for _, c := range ch["changed"].([]obj) {
			k := keyString(rs, c)
			i, ok := ix[k]
			if c["new"] == true {
				if ok {
					t.Fatalf("%s: new %s already held", list, k)
				}
				e := obj{}
				for f, x := range c {
					if f != "new" {
						e[f] = x
					}
				}
				ix[k] = len(held)
				held = append(held, e)
				continue
			}
			if !ok {
				t.Fatalf("%s: change of %s not held", list, k)
			}
			e := held[i].(obj)
			for _, f := range rs.fields {
				x, ok := c[f.name]
				if !ok || f.key {
					continue
				}
				switch f.typ {
				case "pos":
					p, dp := e[f.name].([2]int64), x.([2]int64)
					e[f.name] = [2]int64{p[0] + dp[0], p[1] + dp[1]}
				case "age":
					e[f.name] = tick - x.(int64)
				default:
					e[f.name] = x
				}
			}
		}
		if rm := ch["removed"].([]obj); len(rm) > 0 {
			gone := map[string]bool{}
			for _, k := range rm {
				s := keyString(rs, k)
				if _, ok := ix[s]; !ok || gone[s] {
					t.Fatalf("%s: removal of %s not held", list, s)
				}
				gone[s] = true
			}
			held = slices.DeleteFunc(held, func(e any) bool { return gone[keyString(rs, e.(obj))] })
		}
		if order, ok := ch["order"].([]obj); ok {
			ix = idx()
			if len(order) != len(held) {
				t.Fatalf("%s: order of %d, holding %d", list, len(order), len(held))
			}
			out := make([]any, 0, len(held))
			for _, k := range order {
				i, ok := ix[keyString(rs, k)]
				if !ok {
					t.Fatalf("%s: order names %v, not held", list, k)
				}
				out = append(out, held[i])
			}
			held = out
		}
		v[list] = held
	}
	m.seq = delta["frame"].(obj)["seq"].(uint64)
}

// metres rounds as the document's q does.
func metres(x float64) int64 { return int64(wire.Q(x)) }

// compare checks a decoded record against the Go value it was encoded
// from, field by field as the document types them, and that the document
// names every exported field of the Go struct.
func (d *specDecoder) compare(path string, rs *recordSpec, o obj, g reflect.Value, skip ...string) error {
	for g.Kind() == reflect.Pointer {
		g = g.Elem()
	}
	covered := map[string]bool{}
	for _, f := range rs.fields {
		typ, _, _ := strings.Cut(f.typ, " if ")
		if slices.Contains(skip, f.name) {
			continue
		}
		if d.s.flags[typ] {
			// Expanded into one bool per flag.
			for _, name := range d.s.enums[typ].byValue {
				gf := fieldByName(g, name)
				if !gf.IsValid() {
					return fmt.Errorf("%s: flag %s has no Go field", path, name)
				}
				covered[strings.ToLower(name)] = true
				if gf.Bool() != o[name] {
					return fmt.Errorf("%s.%s: decoded %v, Go %v", path, name, o[name], gf.Bool())
				}
			}
			continue
		}
		gf := fieldByName(g, f.name)
		if !gf.IsValid() {
			return fmt.Errorf("%s: the document's field %s is not in %s", path, f.name, g.Type())
		}
		covered[strings.ToLower(f.name)] = true
		x, ok := o[f.name]
		if !ok {
			if _, cond, ok := strings.Cut(f.typ, " if "); ok && o[cond] == false {
				continue
			}
			return fmt.Errorf("%s.%s: not decoded", path, f.name)
		}
		if err := d.compareValue(path+"."+f.name, typ, x, gf); err != nil {
			return err
		}
	}
	for i := range g.NumField() {
		sf := g.Type().Field(i)
		if sf.IsExported() && !covered[strings.ToLower(sf.Name)] && !slices.Contains(skip, strings.ToLower(sf.Name)) {
			return fmt.Errorf("%s: Go field %s.%s is not in the document's %s table", path, g.Type(), sf.Name, rs.name)
		}
	}
	return nil
}

func fieldByName(g reflect.Value, name string) reflect.Value {
	return g.FieldByNameFunc(func(s string) bool { return strings.EqualFold(s, name) })
}

func (d *specDecoder) compareValue(path, typ string, x any, g reflect.Value) error {
	bad := func(want any) error { return fmt.Errorf("%s (%s): decoded %v, Go %v", path, typ, x, want) }
	if elem, ok := strings.CutPrefix(typ, "list "); ok {
		l, _ := x.([]any)
		if len(l) != g.Len() {
			return fmt.Errorf("%s: decoded %d elements, Go %d", path, len(l), g.Len())
		}
		for i := range l {
			if err := d.compareValue(fmt.Sprintf("%s[%d]", path, i), elem, l[i], g.Index(i)); err != nil {
				return err
			}
		}
		return nil
	}
	switch typ {
	case "u":
		if g.CanInt() && uint64(g.Int()) != x.(uint64) || g.CanUint() && g.Uint() != x.(uint64) {
			return bad(g)
		}
	case "i", "byte", "age":
		if g.CanInt() && g.Int() != x.(int64) || g.CanUint() && int64(g.Uint()) != x.(int64) {
			return bad(g)
		}
	case "q":
		if metres(g.Float()) != x.(int64) {
			return bad(g.Float())
		}
	case "pt", "pos":
		p := g.Interface().(orb.Point)
		if [2]int64{metres(p[0]), metres(p[1])} != x.([2]int64) {
			return bad(p)
		}
	case "pts":
		ps, _ := x.([][2]int64)
		if len(ps) != g.Len() {
			return bad(g)
		}
		for i := range ps {
			p := g.Index(i).Interface().(orb.Point)
			if [2]int64{metres(p[0]), metres(p[1])} != ps[i] {
				return bad(g)
			}
		}
	case "f64":
		if math.Float64bits(g.Float()) != math.Float64bits(x.(float64)) {
			return bad(g.Float())
		}
	case "bool":
		if g.Bool() != x.(bool) {
			return bad(g.Bool())
		}
	case "str":
		if g.String() != x.(string) {
			return bad(g.String())
		}
	default:
		if es := d.s.enums[typ]; es != nil {
			// The document names enum values as their Go String does.
			if s := fmt.Sprint(g.Interface()); s != x.(string) {
				return bad(s)
			}
			return nil
		}
		if rs := d.s.records[typ]; rs != nil {
			return d.compare(path, rs, x.(obj), g)
		}
		return fmt.Errorf("%s: unknown type %q", path, typ)
	}
	return nil
}

// goName is the Go name of an enum value.
func goName[T interface {
	~uint8
	String() string
}](v int64) string {
	return T(v).String()
}

// TestSpecEnums checks every enum table against the Go names: each value
// a table lists has that name, and the table lists every value Go names.
func TestSpecEnums(t *testing.T) {
	s := loadSpec(t)
	goNames := map[string]func(v int64) string{
		"Type": goName[wire.Type], "Role": goName[wire.Role], "Channel": goName[wire.Channel],
		"CommandKind": goName[sim.CommandKind], "EventKind": goName[sim.EventKind], "UnitKind": goName[sim.UnitKind],
		"SensorKind": goName[sim.SensorKind], "CrosserKind": goName[sim.CrosserKind],
		"CrosserState": goName[sim.CrosserState], "Order": goName[sim.Order],
		"TrackSource": goName[sim.TrackSource], "Weather": goName[sim.Weather],
		"Subject": goName[wire.Subject], "Rating": goName[wire.Rating], "RowStatus": goName[sim.RowStatus],
		"Class": goName[sim.Class], "ReportType": goName[sim.ReportType], "RequestKind": goName[sim.RequestKind],
		"RequestState": goName[sim.RequestState], "Answer": goName[sim.Answer],
	}
	goFlags := map[string]map[string]int64{
		"Sections": {"scalars": int64(wire.SecScalars), "sensors": int64(wire.SecSensors), "barriers": int64(wire.SecBarriers),
			"checks": int64(wire.SecChecks), "comms": int64(wire.SecComms), "objective": int64(wire.SecObjectives),
			"injects": int64(wire.SecInjects), "stats": int64(wire.SecStats), "unitOrder": int64(wire.SecUnitOrder),
			"trackOrder": int64(wire.SecTrackOrder), "crosserOrder": int64(wire.SecCrosserOrder),
			"requests": int64(wire.SecRequests)},
		// The view's flags are checked by decoding frames (TestSpecFrames).
		"ViewFlags": nil,
	}
	for name, e := range s.enums {
		t.Run(name, func(t *testing.T) {
			if s.flags[name] {
				want, ok := goFlags[name]
				if !ok {
					t.Fatalf("flags %s: no Go counterpart known to this test", name)
				}
				for v, n := range e.byValue {
					if w, ok := want[n]; want != nil && (!ok || w != v) {
						t.Errorf("flag %s = %d, Go has %d", n, v, w)
					}
				}
				if want != nil && len(want) != len(e.byValue) {
					t.Errorf("%d flags, Go has %d", len(e.byValue), len(want))
				}
				return
			}
			goName := goNames[name]
			if goName == nil {
				t.Fatalf("enum %s: no Go counterpart known to this test", name)
			}
			// Every byte value: the table names each one Go names, as Go
			// does; the kinds' ranges leave gaps that Go does not name.
			for v := range int64(256) {
				n, ok := e.byValue[v]
				if g := goName(v); !ok && g != "unknown" {
					t.Errorf("value %d (Go %q) missing", v, g)
				} else if ok && g != n {
					t.Errorf("value %d is %q, Go names it %q", v, n, g)
				}
			}
		})
	}
	for name := range goNames {
		if s.enums[name] == nil {
			t.Errorf("the document has no enum %s", name)
		}
	}
	// Constants.
	goConsts := map[string]int64{"Version": wire.Version, "Instructor": sim.Instructor, "All": sim.All,
		"Observer": wire.Observer, "FieldNew": int64(wire.FieldNew), "MaxChat": wire.MaxChat}
	for name, v := range goConsts {
		if got, ok := s.consts[name]; !ok || got != v {
			t.Errorf("constant %s: document %d (listed %v), Go %d", name, got, ok, v)
		}
	}
	// Change bits.
	goBits := map[string]map[string]uint16{
		"Unit": {"pos": wire.UnitPos, "team": wire.UnitTeam, "kind": wire.UnitKind, "name": wire.UnitName,
			"order": wire.UnitOrder, "target": wire.UnitTarget, "track": wire.UnitTrack, "route": wire.UnitRoute,
			"aloft": wire.UnitAloft, "fuel": wire.UnitFuel, "observe": wire.UnitObserve, "custody": wire.UnitCustody, "pace": wire.UnitPace},
		"Track": {"pos": wire.TrackPos, "err": wire.TrackErr, "age": wire.TrackAge, "source": wire.TrackSource,
			"from": wire.TrackFrom, "size": wire.TrackSize, "sharedTo": wire.TrackShared, "custody": wire.TrackCustody,
			"class": wire.TrackClass, "classBy": wire.TrackClassBy, "handedTo": wire.TrackHanded},
		"Crosser": {"pos": wire.CrosserPos, "kind": wire.CrosserKind, "size": wire.CrosserSize,
			"vulnerable": wire.CrosserVulnerable, "state": wire.CrosserState, "detected": wire.CrosserDetected},
	}
	for rec, bits := range goBits {
		rs := s.records[rec]
		if rs == nil {
			t.Fatalf("no record %s", rec)
		}
		n := 0
		for _, f := range rs.fields {
			if f.key {
				continue
			}
			n++
			if w, ok := bits[f.name]; !ok || int64(w) != f.bit {
				t.Errorf("%s.%s: change bit %d, Go %d", rec, f.name, f.bit, w)
			}
		}
		if n != len(bits) {
			t.Errorf("%s: %d fields with change bits, Go has %d", rec, n, len(bits))
		}
	}
}

// TestSpecMessages decodes one of every client and control message from
// the document and compares it with what was encoded.
func TestSpecMessages(t *testing.T) {
	s := loadSpec(t)
	d := &specDecoder{s: s, t: t}
	w, _ := builtinWorld(t, "col-ven-cucuta-bridges", 1)
	sc := w.Scenario()
	wel := &wire.Welcome{Version: wire.Version, Exercise: "ex1", Team: sim.Instructor, Role: wire.RoleInstructor,
		Scenario: sc.Name, Map: sc.Map.Name, TickSeconds: 1, StartSecond: sc.StartSecond}
	for _, tm := range sc.Teams {
		wel.Teams = append(wel.Teams, wire.TeamInfo{ID: tm.ID, Name: tm.Name, Country: tm.Country, Base: tm.Base})
	}
	for _, a := range sc.Agreements {
		wel.Zones = append(wel.Zones, a.JointZones...)
	}
	for _, j := range sc.Injects {
		wel.MSEL = append(wel.MSEL, sim.InjectView{ID: j.ID, Synopsis: j.Synopsis, Message: j.Message,
			Expected: j.Expected, Addressee: j.Addressee, At: j.At})
	}
	wel.Places = []wire.Place{{Name: "Villa del Rosario", Pos: orb.Point{-1500, 20}}, {Name: "Ureña", Pos: orb.Point{3000, 4000}}}
	if len(wel.Teams) < 3 || len(wel.MSEL) == 0 || len(wel.Zones) == 0 {
		t.Fatalf("the scenario no longer has teams, injects and zones to check: %d %d %d", len(wel.Teams), len(wel.MSEL), len(wel.Zones))
	}
	review := *wel
	review.Team, review.Role, review.MSEL = 1, wire.RoleTrainee, nil
	review.Review, review.Recording, review.Duration = true, "ex0", 86400
	msgs := []wire.Message{
		&wire.Hello{Version: wire.Version, Code: "A1B2C3", Exercise: "ex1", Name: "Ana"},
		wel, &review,
		&wire.Command{ID: 7, Kind: sim.CmdPatrol, Unit: 3, Track: -1, ToTeam: 2, Target: orb.Point{-1500.5, 20.2},
			Route: []orb.Point{{10, 10}, {-300, 4000}, {-301, 4001}}, Speed: 5, Inject: "M1"},
		&wire.Command{ID: 1 << 31, Kind: sim.CmdInject, Inject: "M3"},
		&wire.Ack{ID: 7, Accepted: true},
		&wire.Ack{ID: 8, Reason: sim.ReasonNoUnit},
		&wire.Chat{Channel: wire.ChanLiaison, Agreement: "col-ven", From: "MIG/Ana", Tick: 300, Text: "¿grupo al norte?"},
		&wire.Error{Code: 1009, Reason: "message larger than 4096 bytes"},
		&wire.Watch{Team: 2}, &wire.Watch{Team: sim.Instructor},
		&wire.Seek{Tick: 43200}, &wire.Reveal{On: true}, &wire.Reveal{},
		&wire.Observation{ID: 9, Subject: wire.SubjectInject, Ref: "M1", Rating: wire.RatingS, Text: "shared late", From: "EVAL/Eva", Tick: 1200},
		&wire.Observation{ID: 10, Subject: wire.SubjectTeam, Ref: "GNB", Rating: wire.RatingU},
		&wire.Presence{Teams: []wire.TeamPresence{{Trainees: 1}, {}, {Trainees: 300}}},
	}
	for _, m := range msgs {
		t.Run(m.Type().String(), func(t *testing.T) {
			typ, o, err := d.message(wire.Encode(m))
			if err != nil {
				t.Fatal(err)
			}
			if typ != m.Type().String() {
				t.Fatalf("decoded a %s, sent a %s", typ, m.Type())
			}
			if err := d.compare(typ, s.messages[typ], o, reflect.ValueOf(m)); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestSpecFrames runs built-in scenarios with several teams, makes every
// team's and the white cell's frames and events with package wire's
// encoder, and decodes them with the document's decoder: each decoded
// keyframe, and each view a mirror of the document's rules holds after a
// delta, must equal the sim.View it came from (rounded to metres), and
// each decoded event the sim.Event.
func TestSpecFrames(t *testing.T) {
	s := loadSpec(t)
	d := &specDecoder{s: s, t: t}
	seen := map[string]int{}
	for _, name := range []string{"col-ven-cucuta-bridges", "esp-mar-melilla-fence"} {
		t.Run(name, func(t *testing.T) {
			w, teams := builtinWorld(t, name, 3)
			streams := make([]wire.Stream, len(teams))
			mirrors := make([]specMirror, len(teams))
			var v sim.View
			var evs []sim.Event
			const ticks, every = 3600, 6
			for tick := range ticks {
				evs = append(evs, w.Step(orders(w, tick))...)
				if tick%every != 0 {
					continue
				}
				for i, team := range teams {
					w.ViewInto(team, &v)
					b := streams[i].Next(&v, wire.Frame{Sent: int64(tick) * 1000, StepMicros: uint32(tick)})
					if b == nil || tick == 1800 {
						b = streams[i].Keyframe() // the first frame, and a resync half-way
					}
					typ, o, err := d.message(b)
					if err != nil {
						t.Fatalf("tick %d team %d: %v", tick, team, err)
					}
					seen[typ]++
					switch typ {
					case "keyframe":
						mirrors[i] = specMirror{d: d}
						mirrors[i].keyframe(o)
					case "delta":
						mirrors[i].apply(t, o)
						count(seen, o)
					default:
						t.Fatalf("frame of type %s", typ)
					}
					sent := wire.Frame{Seq: streams[i].Seq(), Sent: int64(tick) * 1000, StepMicros: uint32(tick)}
					if err := d.compare("frame", s.records["Frame"], o["frame"].(obj), reflect.ValueOf(sent)); err != nil {
						t.Fatalf("tick %d team %d: %v", tick, team, err)
					}
					if mirrors[i].seq != uint64(streams[i].Seq()) {
						t.Fatalf("tick %d team %d: seq %d, stream at %d", tick, team, mirrors[i].seq, streams[i].Seq())
					}
					if err := d.compare("view", s.records["View"], mirrors[i].view, reflect.ValueOf(&v)); err != nil {
						t.Fatalf("tick %d team %d (%s): %v", tick, team, typ, err)
					}
					checkEvents(t, d, w.Tick(), team, evs, seen)
				}
				evs = evs[:0]
			}
		})
	}
	t.Logf("decoded: %v", seen)
	for _, k := range []string{"keyframe", "delta", "events", "new", "removed", "change pos", "change age",
		"change order", "event tick", "section stats", "section objective", "section requests"} {
		if seen[k] == 0 {
			t.Errorf("the run decoded no %q: it checks less than it should", k)
		}
	}
}

// count notes what a decoded delta exercised.
func count(seen map[string]int, o obj) {
	for _, list := range []string{"units", "tracks", "crossers"} {
		ch := o[list].(obj)
		for _, c := range ch["changed"].([]obj) {
			if c["new"] == true {
				seen["new"]++
				continue
			}
			for f := range c {
				seen["change "+f]++
			}
		}
		seen["removed"] += len(ch["removed"].([]obj))
	}
	for _, sec := range []string{"scalars", "stats", "objective", "checks", "barriers", "sensors", "comms", "injects", "requests"} {
		if _, ok := o["content"].(obj)[sec]; ok {
			seen["section "+sec]++
		}
	}
}

// checkEvents encodes the events team may see, decodes them from the
// document and compares.
func checkEvents(t *testing.T, d *specDecoder, tick int32, team int, evs []sim.Event, seen map[string]int) {
	t.Helper()
	var mine []sim.Event
	for _, e := range evs {
		if e.VisibleTo(team) {
			mine = append(mine, e)
		}
	}
	if len(mine) == 0 {
		return
	}
	typ, o, err := d.message(wire.Encode(&wire.Events{Tick: tick, Events: mine}))
	if err != nil || typ != "events" {
		t.Fatalf("events at tick %d: %s, %v", tick, typ, err)
	}
	seen["events"]++
	l := o["events"].([]any)
	if len(l) != len(mine) {
		t.Fatalf("%d events decoded, %d sent", len(l), len(mine))
	}
	for i, x := range l {
		e := x.(obj)
		// Absent fields are zero, the tick the message's.
		if dt, ok := e["tick"]; ok {
			e["tick"] = o["tick"].(int64) - dt.(int64)
			seen["event tick"]++
		} else {
			e["tick"] = o["tick"]
		}
		for _, f := range d.s.records["Event"].fields {
			if _, ok := e[f.name]; !ok {
				e[f.name] = map[string]any{"i": int64(0), "u": uint64(0), "pt": [2]int64{}, "str": ""}[f.typ]
			}
		}
		if err := d.compare(fmt.Sprintf("events[%d]", i), d.s.records["Event"], e, reflect.ValueOf(mine[i]), "fields"); err != nil {
			t.Fatalf("tick %d team %d: %v", tick, team, err)
		}
	}
}

// orders gives each team's units and the white cell something to do, so
// that the frames carry orders, routes, drones aloft, shares and control.
func orders(w *sim.World, tick int) []sim.Command {
	if tick%30 != 0 {
		return nil
	}
	var cmds []sim.Command
	var v sim.View
	n := len(w.Scenario().Teams)
	for team := range n {
		w.ViewInto(team, &v)
		if len(v.Units) == 0 {
			continue
		}
		u := v.Units[(tick/30)%len(v.Units)]
		c := sim.Command{ID: uint32(tick*10 + team), Team: team, Unit: u.ID}
		off := orb.Point{u.Pos[0] + 700, u.Pos[1] - 400}
		switch {
		case u.Kind == sim.Drone && !u.Aloft:
			c.Kind, c.Route = sim.CmdLaunch, []orb.Point{off, u.Pos}
		case len(v.Tracks) > 0 && tick%60 == 0:
			c.Kind, c.Track = sim.CmdIntercept, v.Tracks[0].ID
		case tick%90 == 0:
			c.Kind, c.Route = sim.CmdPatrol, []orb.Point{off, u.Pos, {u.Pos[0] - 300, u.Pos[1] + 900}}
		default:
			c.Kind, c.Target = sim.CmdMove, off
		}
		cmds = append(cmds, c)
		if len(v.Tracks) > 0 {
			cmds = append(cmds, sim.Command{ID: uint32(tick*10 + 5 + team), Team: team, Kind: sim.CmdShare,
				Track: v.Tracks[len(v.Tracks)-1].ID, ToTeam: (team + 1) % n})
		}
		// Cooperation: classify and report a track, ask to hand it over,
		// and answer what the partners asked.
		if len(v.Tracks) > 0 && tick%150 == 0 {
			tr := v.Tracks[0].ID
			cmds = append(cmds, sim.Command{ID: uint32(tick*10 + 7), Team: team, Kind: sim.CmdClassify, Track: tr, Index: int(sim.ClassMigrants)},
				sim.Command{ID: uint32(tick*10 + 8), Team: team, Kind: sim.CmdReport, Track: tr, ToTeam: (team + 1) % n,
					Index: int(sim.ReportCrossing), Count: 70},
				sim.Command{ID: uint32(tick*10 + 9), Team: team, Kind: sim.CmdHandover, Track: tr, ToTeam: (team + 1) % n})
		}
		for _, r := range v.Requests {
			if r.To == team && r.State == sim.ReqPending && tick%60 == 0 {
				cmds = append(cmds, sim.Command{ID: uint32(tick*10 + 6), Team: team, Kind: sim.CmdAnswer, Index: int(r.ID),
					Count: int(sim.AnsGrant)})
			}
		}
	}
	switch tick {
	case 300:
		cmds = append(cmds, sim.Command{ID: 1, Team: sim.Instructor, Kind: sim.CmdSpeed, Speed: 20})
	case 600:
		cmds = append(cmds, sim.Command{ID: 2, Team: sim.Instructor, Kind: sim.CmdPause})
	case 630:
		cmds = append(cmds, sim.Command{ID: 3, Team: sim.Instructor, Kind: sim.CmdResume})
	}
	return cmds
}
